package dev.rampart.server.kernel.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a kernel reports: outputs of a request, lifecycle news, and one {@link Reply} that ends
 * each request. Listeners given to {@code Kernel} receive these, in order.
 *
 * <p>Everything here comes from a process running the learner's code, so it is data to show,
 * never markup to trust: {@code text/html} in a bundle is whatever the cell produced.
 */
public sealed interface Event extends Message {

    /** The id of the request this event belongs to; empty for news about the kernel itself. */
    String parent();

    /** How a request ended. */
    enum Status {
        @JsonProperty("ok") OK,
        @JsonProperty("error") ERROR,
        /** Never ran: an interrupt dropped it from the queue, or the kernel died first. */
        @JsonProperty("aborted") ABORTED
    }

    enum StreamName {
        @JsonProperty("stdout") STDOUT,
        @JsonProperty("stderr") STDERR
    }

    /** A case of an attack run, in the learner's terms. */
    enum Outcome {
        /** An attack that no longer works: the learner's code stopped it. */
        @JsonProperty("blocked") BLOCKED,
        /** An attack that worked: its assertion failed, with the message saying what leaked. */
        @JsonProperty("fell") FELL,
        /** An attack or fixture that crashed instead of asserting: fix the code so it runs. */
        @JsonProperty("errored") ERRORED,
        /** An honest-use test that still passes. */
        @JsonProperty("passed") PASSED,
        /** An honest-use test that fails: the fix broke the feature. */
        @JsonProperty("broken") BROKEN,
        @JsonProperty("skipped") SKIPPED
    }

    /** The kernel finished starting (or restarting) and takes requests. */
    record KernelReady(String parent, long pid, String javaVersion) implements Event {
        public KernelReady {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(javaVersion, "javaVersion");
        }
    }

    /** Text the code printed, in chunks, while it runs. */
    record Stream(String parent, StreamName name, String text) implements Event {
        public Stream {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A MIME bundle shown before the cell ends ({@code display(...).show()}). */
    record DisplayData(String parent, Map<String, String> data) implements Event {
        public DisplayData {
            Objects.requireNonNull(parent, "parent");
            data = Map.copyOf(data);
        }
    }

    /** The value of the cell's last expression, as a MIME bundle ({@code text/plain} at least). */
    record ExecuteResult(String parent, int executionCount, Map<String, String> data) implements Event {
        public ExecuteResult {
            Objects.requireNonNull(parent, "parent");
            data = Map.copyOf(data);
        }
    }

    /**
     * The cell failed: a compile error ({@code ename} {@code CompileError}, with diagnostics
     * placed in the cell), an exception (its class, message and the user's frames), an
     * interrupt, or the kernel's death.
     */
    record Failure(String parent, String ename, String evalue, List<String> traceback, List<Diagnostic> diagnostics)
            implements Event {
        public Failure {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(ename, "ename");
            Objects.requireNonNull(evalue, "evalue");
            traceback = List.copyOf(traceback);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * The bound kata's sources were (re)compiled. On success the kernel's state was rebuilt on
     * the new classes by replaying the snippets that had run ({@code replayed}); {@code notes}
     * says which of them no longer work. On failure, {@code diagnostics} point into the files.
     */
    record KataBuild(String parent, String kata, Status status, List<Diagnostic> diagnostics, int replayed,
                     List<String> notes) implements Event {
        public KataBuild {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(kata, "kata");
            Objects.requireNonNull(status, "status");
            diagnostics = List.copyOf(diagnostics);
            notes = List.copyOf(notes);
        }
    }

    /**
     * The cases an attack run will have, sent before the first one starts: one family per
     * parameterized test (its payloads) or plain test (a family of one).
     *
     * @param exact whether every family's count is known (a source the plan cannot count makes it 0)
     */
    record CasesPlanned(String parent, List<PlannedFamily> families, boolean exact) implements Event {
        public CasesPlanned {
            Objects.requireNonNull(parent, "parent");
            families = List.copyOf(families);
        }
    }

    /** A family of cases of an attack run: its name (what the attacker does), attack or honest use, and its size. */
    record PlannedFamily(String name, boolean attack, int cases) {
        public PlannedFamily {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A case of an attack run began.
     *
     * @param family its family's position in the {@link CasesPlanned} list, or -1
     */
    record CaseStarted(String parent, String uniqueId, String name, boolean attack, int family) implements Event {
        public CaseStarted {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(uniqueId, "uniqueId");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A case of an attack run ended.
     *
     * @param verdict the contract's verdict ({@code FAILED_BY_ASSERTION}, ...)
     * @param detail  the assertion's message (what the attacker got), or the exception
     * @param family  its family's position in the {@link CasesPlanned} list, or -1
     */
    record CaseFinished(String parent, String uniqueId, String name, boolean attack, Outcome outcome, String verdict,
                        String detail, int family) implements Event {
        public CaseFinished {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(uniqueId, "uniqueId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The kernel's process ended without being asked to (or was killed). Sent by the server,
     * never by a kernel. Its variables, methods and imports are gone.
     *
     * @param parent     the request whose cell was told (its failure says the same), or empty when none was
     * @param reason     what happened, in words a learner can act on
     * @param restarting whether a fresh kernel is being started in its place
     */
    record KernelDied(String parent, String reason, boolean restarting) implements Event {
        public KernelDied {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The last event of a request. */
    sealed interface Reply extends Event {
    }

    record ExecuteReply(String parent, Status status, int executionCount) implements Reply {
        public ExecuteReply {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(status, "status");
        }
    }

    /** Suggestions replacing the text between {@code cursorStart} and {@code cursorEnd}. */
    record CompleteReply(String parent, List<Completion> matches, int cursorStart, int cursorEnd) implements Reply {
        public CompleteReply {
            Objects.requireNonNull(parent, "parent");
            matches = List.copyOf(matches);
        }
    }

    /** Documentation of the symbol under the cursor ({@code text/plain}, {@code text/markdown}). */
    record InspectReply(String parent, boolean found, Map<String, String> data) implements Reply {
        public InspectReply {
            Objects.requireNonNull(parent, "parent");
            data = Map.copyOf(data);
        }
    }

    record BindReply(String parent, Status status) implements Reply {
        public BindReply {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * An attack run ended. {@code status} is {@code error} when the suite could not run at all
     * (the sources do not compile, say), with {@code message} saying why.
     */
    record AttacksReply(String parent, Status status, String kata, int attacks, int blocked, int honest,
                        int honestPassed, long millis, String message) implements Reply {
        public AttacksReply {
            Objects.requireNonNull(parent, "parent");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(kata, "kata");
            Objects.requireNonNull(message, "message");
        }

        /** Every attack blocked and every honest use still working. */
        public boolean solved() {
            return status == Status.OK && attacks > 0 && blocked == attacks && honestPassed == honest;
        }
    }

    record ShutdownReply(String parent) implements Reply {
        public ShutdownReply {
            Objects.requireNonNull(parent, "parent");
        }
    }
}
