package dev.rampart.server.workspace;

/**
 * Requests to one kernel, on behalf of one WebSocket. Replies and output arrive at the
 * {@link KernelListener} given to {@link Kernels#connect}, each carrying the request's id as
 * its parent id. Implementations must accept calls from any thread and never block on the
 * kernel's work (execute returns at once; the output streams later).
 */
public interface KernelChannel extends AutoCloseable {

    void execute(String requestId, String code);

    /** Completions at {@code cursor} (a UTF-16 offset into {@code code}). */
    void complete(String requestId, String code, int cursor);

    /** Documentation for what is at {@code cursor}. */
    void inspect(String requestId, String code, int cursor);

    /** Detaches the listener; the kernel keeps running. */
    @Override
    void close();
}
