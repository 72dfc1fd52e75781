package dev.rampart.server.notebook;

/** A create, copy or rename would overwrite a file that is already there. */
public final class FileExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FileExistsException() {
        super("A file with that name already exists: pick another name or delete it first");
    }
}
