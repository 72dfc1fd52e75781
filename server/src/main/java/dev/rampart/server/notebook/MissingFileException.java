package dev.rampart.server.notebook;

/** The file or folder asked for does not exist in the workspace. */
public final class MissingFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingFileException(String what) {
        super(what + " does not exist in the workspace: list the folder to see what is there");
    }
}
