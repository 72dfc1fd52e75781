package dev.rampart.server.workspace;

/** A kernel id that names no running kernel (it was shut down, or never existed). */
public final class NoSuchKernelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NoSuchKernelException() {
        super("No such kernel: it may have been shut down; start a new one");
    }
}
