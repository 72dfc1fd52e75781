package dev.rampart.server.kernel;

/** A kernel was asked for beyond a limit of {@link KernelSettings}; the message names it. */
public final class KernelLimitException extends RuntimeException {
    public KernelLimitException(String message) {
        super(message);
    }
}
