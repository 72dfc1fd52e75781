package dev.rampart.server.kernel.protocol;

import java.util.Objects;

/** What the server asks of a kernel. Every request ends with one {@link Event.Reply}. */
public sealed interface Request extends Message {

    /** Unique among the requests one server sends to one kernel. */
    String id();

    /** Run a cell. Answered by outputs, then {@link Event.ExecuteReply}. */
    record Execute(String id, String code) implements Request {
        public Execute {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(code, "code");
        }
    }

    /** Complete the code at {@code cursor} (a char offset into {@code code}). */
    record Complete(String id, String code, int cursor) implements Request {
        public Complete {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(code, "code");
        }
    }

    /** Document the symbol at {@code cursor}. */
    record Inspect(String id, String code, int cursor) implements Request {
        public Inspect {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * Stop the running cell or attack run and drop the queued ones. Handled at once, beside the
     * queue; answered by the interrupted request's own reply, not by a reply of its own.
     */
    record Interrupt(String id) implements Request {
        public Interrupt {
            Objects.requireNonNull(id, "id");
        }
    }

    /** Exit cleanly. Answered by {@link Event.ShutdownReply}, then the process ends. */
    record Shutdown(String id) implements Request {
        public Shutdown {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Bind the kernel to a kata's sources in a workspace ({@code <workspace>/src/main/java/<package>}):
     * compile them now, and again whenever they change, so cells always see the current classes.
     */
    record Bind(String id, KataRef kata, String workspace) implements Request {
        public Bind {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kata, "kata");
            Objects.requireNonNull(workspace, "workspace");
        }
    }

    /**
     * Run a kata's attack suite (compiled classes under {@code suiteClasses}) against the current
     * sources in the workspace, streaming one event per case.
     */
    record RunAttacks(String id, KataRef kata, String workspace, String suiteClasses) implements Request {
        public RunAttacks {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kata, "kata");
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(suiteClasses, "suiteClasses");
        }
    }
}
