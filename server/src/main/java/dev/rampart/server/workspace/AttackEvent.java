package dev.rampart.server.workspace;

import java.util.List;

/** What a run of the attacks reports, streamed one event per line. */
public sealed interface AttackEvent {

    /** The run started (the sources are compiled next, then the suite is planned). */
    record Started(String kata) implements AttackEvent {
    }

    /**
     * The suite's cases, known before the first one runs: each family (an attack family's
     * payloads, or one plain test) with its size. Case events name their family by its position here.
     *
     * @param exact whether every family's size is known (a size not known is 0)
     */
    record Planned(List<Family> families, boolean exact) implements AttackEvent {
        public Planned {
            families = List.copyOf(families);
        }

        /** Every case planned. */
        public int cases() {
            return families.stream().mapToInt(Family::cases).sum();
        }
    }

    /** A family of cases: what the attacker does (or the honest use), and how many cases it has. */
    record Family(String name, boolean attack, int cases) {
    }

    /**
     * One case began (for attacks, {@code name} says what the attacker does).
     *
     * @param family its family's position in {@link Planned#families()}, or -1
     */
    record CaseStarted(String name, boolean attack, int family) implements AttackEvent {
        public CaseStarted(String name, boolean attack) {
            this(name, attack, -1);
        }
    }

    /**
     * One case finished.
     *
     * @param name    its display name (for attacks, what the attacker does)
     * @param attack  true for an attack case, false for an honest-use test
     * @param passed  for an attack: blocked; for an honest test: still works
     * @param message the failure message when it did not pass, else empty
     * @param family  its family's position in {@link Planned#families()}, or -1
     */
    record CaseFinished(String name, boolean attack, boolean passed, String message, int family) implements AttackEvent {
        public CaseFinished(String name, boolean attack, boolean passed, String message) {
            this(name, attack, passed, message, -1);
        }
    }

    /** The run could not happen or stopped early (say, the sources do not compile). */
    record Aborted(String reason) implements AttackEvent {
    }

    /** The tally. */
    record Finished(int attacksBlocked, int attacks, int honestPassed, int honest) implements AttackEvent {
    }
}
