package dev.rampart.kata.support;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.CaseResult.Kind;
import dev.rampart.contract.CaseResult.Verdict;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestIdentifier;

/** The contract's {@link CaseResult} from the JUnit launcher's events: what is an attack, and how it ended. */
public final class CaseResults {

    private CaseResults() {
    }

    /** Classifies a finished test or container. */
    public static CaseResult of(TestIdentifier id, String name, TestExecutionResult result) {
        return new CaseResult(id.getUniqueId(), kind(id), name, verdict(result), detail(result.getThrowable()));
    }

    /** A case the engine skipped (a disabled or aborted case). */
    public static CaseResult skipped(TestIdentifier id, String name, String reason) {
        return new CaseResult(id.getUniqueId(), kind(id), name, Verdict.SKIPPED, reason);
    }

    /** An {@link Attack} case, an honest test, or a container. */
    public static Kind kind(TestIdentifier id) {
        if (!id.isTest()) {
            return Kind.CONTAINER;
        }
        return id.getTags().stream().anyMatch(t -> t.getName().equals(Attack.TAG)) ? Kind.ATTACK : Kind.HONEST;
    }

    static Verdict verdict(TestExecutionResult result) {
        return switch (result.getStatus()) {
            case SUCCESSFUL -> Verdict.PASSED;
            case ABORTED -> Verdict.SKIPPED;
            case FAILED -> result.getThrowable().map(CaseResults::verdictOf).orElse(Verdict.ERRORED);
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
}
