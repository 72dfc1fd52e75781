package dev.rampart.server.workspace;

/** Kernels (or attack runs) cannot be had: none is wired in, or the limits are reached. */
public class KernelUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KernelUnavailableException(String message) {
        super(message);
    }
}
