package dev.rampart.server.workspace;

import dev.rampart.server.kernel.protocol.Event;
import java.util.List;
import java.util.Locale;

/**
 * A kernel's events ({@link Event}) in the shapes the WebSocket speaks ({@link KernelEvent}).
 * The kernel names its requests with ids of its own; here every event of a request carries the
 * browser's {@code msg_id} instead, so Jupyter clients can route output to the right cell.
 */
final class KernelEvents {

    private KernelEvents() {
    }

    /** An event of the request the browser called {@code parentId}. */
    static List<KernelEvent> ofRequest(String parentId, Event event) {
        if (event instanceof Event.Stream stream) {
            return List.of(new KernelEvent.Stream(parentId, lower(stream.name()), stream.text()));
        } else if (event instanceof Event.DisplayData display) {
            return List.of(new KernelEvent.DisplayData(parentId, display.data()));
        } else if (event instanceof Event.ExecuteResult result) {
            return List.of(new KernelEvent.ExecuteResult(parentId, result.executionCount(), result.data()));
        } else if (event instanceof Event.Failure failure) {
            return List.of(new KernelEvent.Error(parentId, failure.ename(), failure.evalue(), failure.traceback()));
        } else if (event instanceof Event.ExecuteReply reply) {
            return List.of(new KernelEvent.ExecuteReply(parentId, lower(reply.status()), reply.executionCount()));
        } else if (event instanceof Event.KataBuild build && !build.notes().isEmpty()) {
            // A rebuilt kata replays earlier cells; the learner must hear which ones no longer work.
            // A failed build is not repeated here: the cell's error lists the compiler's messages.
            var text = new StringBuilder("Kata " + build.kata() + " changed and was recompiled:\n");
            build.notes().forEach(note -> text.append("  ").append(note).append('\n'));
            return List.of(new KernelEvent.Stream(parentId, "stderr", text.toString()));
        }
        return List.of();
    }

    /**
     * News about the kernel itself, for every socket attached to it: it died (and why), it is
     * ready again, or a thread left running by an earlier cell printed something.
     */
    static List<KernelEvent> ofNews(Event event) {
        if (event instanceof Event.KernelDied died) {
            var status = new KernelEvent.Status("", died.restarting() ? "restarting" : "dead");
            // A running cell already says why, in its error: one message, not that and a second one.
            return died.parent().isEmpty() ? List.of(new KernelEvent.Stream("", "stderr", died.reason() + "\n"), status)
                    : List.of(status);
        } else if (event instanceof Event.KernelReady) {
            return List.of(new KernelEvent.Status("", "idle"));
        } else if (event instanceof Event.Stream stream) {
            return List.of(new KernelEvent.Stream("", lower(stream.name()), stream.text()));
        } else if (event instanceof Event.DisplayData display) {
            return List.of(new KernelEvent.DisplayData("", display.data()));
        }
        return List.of();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
