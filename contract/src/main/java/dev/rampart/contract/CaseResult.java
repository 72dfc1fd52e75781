package dev.rampart.contract;

/**
 * How one case of a suite ended, in the kata contract's terms. The support code that runs the
 * suites with JUnit makes these from the launcher's events ({@code dev.rampart.kata.support.CaseResults}).
 *
 * @param uniqueId the engine's id of the case, unique within a run
 * @param kind     attack, honest test, or a container (a class) that failed around its cases
 * @param name     the display name the learner reads, with its class: {@code FileServerTest › ...}
 * @param verdict  what happened
 * @param detail   the failure's message, or the exception's type and message; empty when it passed
 */
public record CaseResult(String uniqueId, Kind kind, String name, Verdict verdict, String detail) {

    public enum Kind { ATTACK, HONEST, CONTAINER }

    public enum Verdict {
        /** Ran to the end: an attack was blocked, an honest use worked. */
        PASSED,
        /** An assertion failed: for an attack, the exploit worked. */
        FAILED_BY_ASSERTION,
        /** Something other than an assertion was thrown: a stub, a crash, a broken fixture. */
        ERRORED,
        /** Stopped by the suite's timeout. */
        TIMED_OUT,
        /** An assumption failed, or the case was disabled: it proves nothing. */
        SKIPPED
    }

    public boolean isAttack() {
        return kind == Kind.ATTACK;
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
