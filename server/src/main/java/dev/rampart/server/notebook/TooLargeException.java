package dev.rampart.server.notebook;

/** A notebook, an output or a source file over its size limit. */
public final class TooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TooLargeException(String what, long limitBytes) {
        super(what + " is larger than " + limitBytes + " bytes: clear large outputs or split the work");
    }
}
