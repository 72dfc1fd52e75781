package dev.rampart.server.kernel.child;

import dev.rampart.contract.CaseResult;
import dev.rampart.kata.support.KataSuite;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Outcome;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.Request;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Inside a kernel: runs a kata's attack suite with {@link KataSuite} against a build of the
 * learner's current sources, publishing a start and an end event for every case. The suite's
 * classes and the kata's are loaded afresh for each run, so no run sees another's state.
 */
final class SuiteRun {

    private SuiteRun() {
    }

    /**
     * Runs one request; every event, the reply last, goes to {@code publish}.
     *
     * @param build builds the kata's current sources (or hands back the classes of sources that have not changed)
     */
    static Event.AttacksReply run(Request.RunAttacks request, Supplier<KataCompiler.Build> build, Consumer<Event> publish) {
        long started = System.nanoTime();
        var kata = request.kata().toKata();
        var parent = request.id();
        var classes = build.get();
        if (!classes.ok()) {
            publish.accept(new Event.KataBuild(parent, kata.id(), Status.ERROR, classes.diagnostics(), 0, List.of()));
            var first = classes.diagnostics().isEmpty() ? "" : ": " + classes.diagnostics().get(0).format();
            return reply(parent, kata.id(), Status.ERROR, List.of(), started,
                    "The kata's sources do not compile, so the attacks cannot run" + first);
        }
        CaseStarts.listen(parent, publish);
        try {
            var results = KataSuite.run(kata, Path.of(request.suiteClasses()), classes.classes().orElseThrow(),
                    result -> publish.accept(finished(parent, result)));
            return reply(parent, kata.id(), Status.OK, results, started, "");
        } catch (RuntimeException e) {
            return reply(parent, kata.id(), Status.ERROR, List.of(), started,
                    "The attack suite could not run: " + e.getMessage());
        } finally {
            CaseStarts.stop();
        }
    }

    static Event.CaseFinished finished(String parent, CaseResult result) {
        return new Event.CaseFinished(parent, result.uniqueId(), result.name(), result.isAttack(), outcome(result),
                result.verdict().name(), result.detail(), CaseStarts.familyOf(result.uniqueId()));
    }

    /** The contract's verdicts in the learner's terms. */
    static Outcome outcome(CaseResult result) {
        return switch (result.verdict()) {
            case SKIPPED -> Outcome.SKIPPED;
            case PASSED -> result.kind() == CaseResult.Kind.ATTACK ? Outcome.BLOCKED : Outcome.PASSED;
            case FAILED_BY_ASSERTION -> switch (result.kind()) {
                case ATTACK -> Outcome.FELL;
                case HONEST -> Outcome.BROKEN;
                case CONTAINER -> Outcome.ERRORED;
            };
            case ERRORED, TIMED_OUT -> result.kind() == CaseResult.Kind.HONEST ? Outcome.BROKEN : Outcome.ERRORED;
        };
    }

    private static Event.AttacksReply reply(String parent, String kata, Status status, List<CaseResult> results,
                                            long started, String message) {
        var cases = results.stream().filter(r -> r.kind() != CaseResult.Kind.CONTAINER).toList();
        int attacks = (int) cases.stream().filter(CaseResult::isAttack).count();
        int blocked = (int) cases.stream().filter(r -> r.isAttack() && r.passed()).count();
        int honest = cases.size() - attacks;
        int honestPassed = (int) cases.stream().filter(r -> !r.isAttack() && r.passed()).count();
        var broken = results.stream().filter(r -> r.kind() == CaseResult.Kind.CONTAINER && !r.passed()).findFirst();
        if (status == Status.OK && broken.isPresent()) {
            message = "Part of the suite could not run: " + broken.get().name() + ": " + broken.get().detail();
        }
        return new Event.AttacksReply(parent, status, kata, attacks, blocked, honest, honestPassed,
                (System.nanoTime() - started) / 1_000_000, message);
    }
}
