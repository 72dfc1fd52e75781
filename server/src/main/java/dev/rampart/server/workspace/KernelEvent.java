package dev.rampart.server.workspace;

import java.util.List;
import java.util.Map;

/**
 * Everything a kernel says, modelled on Jupyter's messages. {@code parentId} is the id of the
 * request that caused it, or empty for unprompted events (a kernel that died on its own).
 */
public sealed interface KernelEvent {

    String parentId();

    /** {@code busy}, {@code idle}, {@code restarting}, {@code dead}. */
    record Status(String parentId, String state) implements KernelEvent {
    }

    /** Text printed to {@code stdout} or {@code stderr}. */
    record Stream(String parentId, String name, String text) implements KernelEvent {
    }

    /** A cell's value, by MIME type ({@code text/plain}, {@code text/html}, ...). */
    record ExecuteResult(String parentId, int executionCount, Map<String, String> data) implements KernelEvent {
        public ExecuteResult {
            data = Map.copyOf(data);
        }
    }

    /** Rich output shown while a cell runs. */
    record DisplayData(String parentId, Map<String, String> data) implements KernelEvent {
        public DisplayData {
            data = Map.copyOf(data);
        }
    }

    /** A compile error or an exception, with the lines to show. */
    record Error(String parentId, String name, String value, List<String> traceback) implements KernelEvent {
        public Error {
            traceback = List.copyOf(traceback);
        }
    }

    /** The end of an execute request: {@code ok}, {@code error} or {@code aborted}. */
    record ExecuteReply(String parentId, String status, int executionCount) implements KernelEvent {
    }

    record CompleteReply(String parentId, List<String> matches, int cursorStart, int cursorEnd) implements KernelEvent {
        public CompleteReply {
            matches = List.copyOf(matches);
        }
    }

    record InspectReply(String parentId, boolean found, Map<String, String> data) implements KernelEvent {
        public InspectReply {
            data = Map.copyOf(data);
        }
    }
}
