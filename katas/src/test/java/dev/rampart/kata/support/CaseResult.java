package dev.rampart.kata.support;

import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestIdentifier;

/**
 * How one case of a suite ended, in the kata contract's terms.
 *
 * @param kind    attack, honest test, or a container (a class) that failed around its cases
 * @param name    the display name the learner reads, with its class: {@code FileServerTest › ...}
 * @param verdict what happened
 * @param detail  the failure's message, or the exception's type and message; empty when it passed
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
        /** Stopped by JUnit's timeout. */
        TIMED_OUT,
        /** An assumption failed, or the case was disabled: it proves nothing. */
        SKIPPED
    }

    /** Classifies a finished test or container. */
    public static CaseResult of(TestIdentifier id, String name, TestExecutionResult result) {
        var kind = !id.isTest() ? Kind.CONTAINER
                : id.getTags().stream().anyMatch(t -> t.getName().equals(Attack.TAG)) ? Kind.ATTACK : Kind.HONEST;
        return new CaseResult(id.getUniqueId(), kind, name, verdict(result), detail(result.getThrowable()));
    }

    /** A case the engine skipped (a disabled or aborted case). */
    public static CaseResult skipped(TestIdentifier id, String name, String reason) {
        var kind = id.getTags().stream().anyMatch(t -> t.getName().equals(Attack.TAG)) ? Kind.ATTACK : Kind.HONEST;
        return new CaseResult(id.getUniqueId(), id.isTest() ? kind : Kind.CONTAINER, name, Verdict.SKIPPED, reason);
    }

    static Verdict verdict(TestExecutionResult result) {
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Verdict.PASSED;
            case ABORTED -> Verdict.SKIPPED;
            case FAILED -> result.getThrowable().map(CaseResult::verdictOf).orElse(Verdict.ERRORED);
        };
    }

    private static Verdict verdictOf(Throwable thrown) {
        if (thrown instanceof TimeoutException || hasCause(thrown, TimeoutException.class)) {
            return Verdict.TIMED_OUT;
        }
        return thrown instanceof AssertionError ? Verdict.FAILED_BY_ASSERTION : Verdict.ERRORED;
    }

    private static boolean hasCause(Throwable thrown, Class<? extends Throwable> type) {
        for (var t = thrown.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String detail(Optional<Throwable> thrown) {
        return thrown.map(t -> t instanceof AssertionError
                ? oneLine(t.getMessage())
                : t.getClass().getName() + (t.getMessage() == null ? "" : ": " + oneLine(t.getMessage())))
                .orElse("");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    public boolean isAttack() {
        return kind == Kind.ATTACK;
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
