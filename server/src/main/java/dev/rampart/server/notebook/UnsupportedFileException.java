package dev.rampart.server.notebook;

/** A request for a kind of file this API does not handle (say, a non-notebook through the notebook API). */
public final class UnsupportedFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedFileException(String message) {
        super(message);
    }
}
