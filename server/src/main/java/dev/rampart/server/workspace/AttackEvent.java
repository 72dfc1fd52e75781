package dev.rampart.server.workspace;

/** What a run of the attacks reports, streamed one event per line. */
public sealed interface AttackEvent {

    /**
     * The run started. How many cases it has is known only at the end: a payload family's cases
     * come from its file as the suite runs.
     */
    record Started(String kata) implements AttackEvent {
    }

    /** One case began (for attacks, {@code name} says what the attacker does). */
    record CaseStarted(String name, boolean attack) implements AttackEvent {
    }

    /**
     * One case finished.
     *
     * @param name    its display name (for attacks, what the attacker does)
     * @param attack  true for an attack case, false for an honest-use test
     * @param passed  for an attack: blocked; for an honest test: still works
     * @param message the failure message when it did not pass, else empty
     */
    record CaseFinished(String name, boolean attack, boolean passed, String message) implements AttackEvent {
    }

    /** The run could not happen or stopped early (say, the sources do not compile). */
    record Aborted(String reason) implements AttackEvent {
    }

    /** The tally. */
    record Finished(int attacksBlocked, int attacks, int honestPassed, int honest) implements AttackEvent {
    }
}
