package dev.rampart.server.workspace;

import dev.rampart.server.kernel.Kernel;
import dev.rampart.server.kernel.protocol.Completion;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket's requests to a real kernel. Each execute is framed the way Jupyter clients
 * expect: {@code status: busy}, the outputs, {@code execute_reply}, {@code status: idle}, all
 * with the browser's {@code msg_id} as parent. Calls return at once; the kernel runs requests
 * one after another and its events reach the listener in order.
 */
final class ChildKernelChannel implements KernelChannel {

    private final Kernel kernel;
    private final KernelListener listener;
    private final Runnable detach;

    /** @param listener already safe: it never throws */
    ChildKernelChannel(Kernel kernel, KernelListener listener, Runnable detach) {
        this.kernel = kernel;
        this.listener = listener;
        this.detach = detach;
    }

    @Override
    public void execute(String requestId, String code) {
        listener.on(new KernelEvent.Status(requestId, "busy"));
        kernel.execute(code, event -> KernelEvents.ofRequest(requestId, event).forEach(listener::on))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        // Refused before it reached a process (the kernel was shut down): the
                        // listener heard nothing yet, so say why and end the request properly.
                        var why = failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage();
                        listener.on(new KernelEvent.Error(requestId, "KernelUnavailable", why, List.of(why)));
                        listener.on(new KernelEvent.ExecuteReply(requestId, "error", 0));
                    }
                    listener.on(new KernelEvent.Status(requestId, "idle"));
                });
    }

    @Override
    public void complete(String requestId, String code, int cursor) {
        kernel.complete(code, cursor).whenComplete((reply, failure) -> listener.on(failure != null
                ? new KernelEvent.CompleteReply(requestId, List.of(), cursor, cursor)
                : new KernelEvent.CompleteReply(requestId, reply.matches().stream().map(Completion::text).toList(),
                reply.cursorStart(), reply.cursorEnd())));
    }

    @Override
    public void inspect(String requestId, String code, int cursor) {
        kernel.inspect(code, cursor).whenComplete((reply, failure) -> listener.on(failure != null
                ? new KernelEvent.InspectReply(requestId, false, Map.of())
                : new KernelEvent.InspectReply(requestId, reply.found(), reply.data())));
    }

    @Override
    public void close() {
        detach.run();
    }
}
