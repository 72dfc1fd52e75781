package dev.rampart.proof;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.CaseResult.Kind;
import dev.rampart.contract.CaseResult.Verdict;
import dev.rampart.contract.Kata;
import dev.rampart.contract.WrongFix;
import dev.rampart.kata.support.KataSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.platform.engine.UniqueId;

/**
 * The kata contract, checked by running: a kata's suite runs once against the starter and once
 * against the solution. On the starter every attack must fail <em>by assertion</em> (the
 * exploit worked) and every honest test pass; on the solution everything passes. Anything else
 * (an attack that passes on the starter, errors, times out or is skipped; an honest test that
 * fails anywhere; a kata without attacks or without honest tests) is a {@link Violation}.
 */
final class KataProof {

    private KataProof() {
    }

    /** What one kata's two runs showed. */
    record Report(Kata kata, List<CaseResult> onStarter, List<CaseResult> onSolution, List<Violation> violations) {
        Report {
            onStarter = List.copyOf(onStarter);
            onSolution = List.copyOf(onSolution);
            violations = List.copyOf(violations);
        }

        long attacks() {
            return onSolution.stream().filter(CaseResult::isAttack).count();
        }

        long honestTests() {
            return onSolution.stream().filter(c -> c.kind() == Kind.HONEST).count();
        }

        /** Attacks the starter already blocks: only a learner who fixed it in place gets here. */
        long blockedOnStarter() {
            return onStarter.stream().filter(c -> c.isAttack() && c.passed()).count();
        }

        boolean proven() {
            return violations.isEmpty();
        }
    }

    static Report prove(Kata kata, Path suites, Path starters, Path solutions) {
        var onStarter = KataSuite.run(kata, suites, starters, c -> { });
        var onSolution = KataSuite.run(kata, suites, solutions, c -> { });
        var violations = new ArrayList<Violation>();
        var cases = onSolution.stream().filter(c -> c.kind() != Kind.CONTAINER).toList();
        if (cases.stream().noneMatch(CaseResult::isAttack)) {
            violations.add(new Violation(kata.id(), "suite", "has no @Attack cases: a kata must prove at least one exploit"));
        }
        if (cases.stream().noneMatch(c -> c.kind() == Kind.HONEST)) {
            violations.add(new Violation(kata.id(), "suite",
                    "has no honest-use tests: without them a starter can be \"fixed\" by breaking the feature"));
        }
        onStarter.forEach(c -> onStarterRule(c).ifPresent(what -> violations.add(new Violation(kata.id(), c.name(), what, Violation.On.STARTER))));
        onSolution.forEach(c -> onSolutionRule(c).ifPresent(what -> violations.add(new Violation(kata.id(), c.name(), what, Violation.On.SOLUTION))));
        return new Report(kata, onStarter, onSolution, violations);
    }

    /**
     * A wrong fix must be rejected: every case it names fails by assertion on it (at least one
     * invocation of a parameterized case), and the cases are of the kind it says it breaks.
     *
     * @param built the wrong fix's own compiled classes, loaded before the solution's
     */
    static List<Violation> proveWrongFix(WrongFix fix, Path suites, Path built, Path solutions) {
        var results = KataSuite.run(fix.kata(), suites, List.of(built, solutions), fix.caughtBy(), c -> { });
        var violations = new ArrayList<Violation>();
        for (var method : fix.caughtBy()) {
            var cases = results.stream().filter(c -> c.kind() != Kind.CONTAINER && method.equals(methodOf(c))).toList();
            var where = "wrong fix " + fix.name();
            if (cases.isEmpty()) {
                violations.add(wrongFix(fix, "Caught-by names " + method + ", which is not a case of the suite "
                        + "(write Class#method, Outer$Nested#method for a nested class)"));
                continue;
            }
            var expected = fix.breaks() == WrongFix.Breaks.ATTACK ? Kind.ATTACK : Kind.HONEST;
            if (cases.stream().anyMatch(c -> c.kind() != expected)) {
                violations.add(wrongFix(fix, method + " is " + (expected == Kind.ATTACK ? "an honest test" : "an attack")
                        + ", but the wrong fix says it breaks " + (expected == Kind.ATTACK ? "an attack" : "honest use")));
            }
            cases.stream().filter(c -> c.verdict() == Verdict.ERRORED || c.verdict() == Verdict.TIMED_OUT || c.verdict() == Verdict.SKIPPED)
                    .findFirst()
                    .ifPresent(c -> violations.add(wrongFix(fix, c.name() + " " + said(c.verdict())
                            + " on the wrong fix instead of failing by assertion (" + c.detail() + ")")));
            if (cases.stream().noneMatch(c -> c.verdict() == Verdict.FAILED_BY_ASSERTION)) {
                violations.add(wrongFix(fix, "passes " + method + ": the suite does not reject this wrong fix"));
            }
        }
        results.stream().filter(c -> c.kind() == Kind.CONTAINER).findFirst()
                .ifPresent(c -> violations.add(wrongFix(fix, c.name() + " failed around its cases (" + c.detail() + ")")));
        return violations;
    }

    private static Violation wrongFix(WrongFix fix, String what) {
        return new Violation(fix.kata().id(), "wrong fix " + fix.name(), what, Violation.On.WRONG_FIX);
    }

    /** {@code FileServerTest#siblingPrefix}, or {@code Outer$Nested#method}: the case's method, as Caught-by names it. */
    static String methodOf(CaseResult c) {
        String type = null;
        String method = null;
        for (var segment : UniqueId.parse(c.uniqueId()).getSegments()) {
            switch (segment.getType()) {
                case "class" -> type = simpleName(segment.getValue());
                case "nested-class" -> type = type + "$" + segment.getValue();
                case "method", "test-template", "test-factory" -> method = segment.getValue().replaceFirst("\\(.*", "");
                default -> { }
            }
        }
        return type + "#" + method;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static Optional<String> onStarterRule(CaseResult c) {
        var detail = c.detail().isEmpty() ? "" : " (" + c.detail() + ")";
        return Optional.ofNullable(switch (c.kind()) {
            case CONTAINER -> "failed around its cases on the starter" + detail;
            case HONEST -> c.passed() ? null : "honest test " + said(c.verdict()) + " on the starter" + detail;
            case ATTACK -> switch (c.verdict()) {
                case FAILED_BY_ASSERTION -> null;
                case PASSED -> "attack passed on the starter: the exploit did not work, so the case proves nothing";
                case ERRORED -> "attack errored on the starter instead of failing by assertion" + detail;
                case TIMED_OUT -> "attack timed out on the starter instead of failing by assertion" + detail;
                case SKIPPED -> "attack was skipped on the starter: every attack must run" + detail;
            };
        });
    }

    private static Optional<String> onSolutionRule(CaseResult c) {
        if (c.passed()) {
            return Optional.empty();
        }
        var detail = c.detail().isEmpty() ? "" : " (" + c.detail() + ")";
        var what = switch (c.kind()) {
            case CONTAINER -> "failed around its cases on the solution";
            case HONEST -> "honest test " + said(c.verdict()) + " on the solution";
            case ATTACK -> "attack " + said(c.verdict()) + " on the solution: the fix does not block it";
        };
        return Optional.of(what + detail);
    }

    private static String said(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> "passed";
            case FAILED_BY_ASSERTION -> "failed";
            case ERRORED -> "errored";
            case TIMED_OUT -> "timed out";
            case SKIPPED -> "was skipped";
        };
    }
}
