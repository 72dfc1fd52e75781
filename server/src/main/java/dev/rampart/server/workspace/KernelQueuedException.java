package dev.rampart.server.workspace;

/**
 * Every kernel is taken and the caller waits in line: not an error, a place in a queue. The
 * answer is 503 with {@code Retry-After} and the position, and the page retries by itself.
 */
public final class KernelQueuedException extends KernelUnavailableException {

    private static final long serialVersionUID = 1L;

    private final int position;

    public KernelQueuedException(int position) {
        super("Every kernel is in use: you are number " + position + " in the queue, and this page will carry on by itself");
        this.position = position;
    }

    public int position() {
        return position;
    }
}
