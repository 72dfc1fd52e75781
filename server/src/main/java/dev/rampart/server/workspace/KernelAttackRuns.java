package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelLimitException;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * "Run the attacks" on a real kernel: the kata's suite against the learner's current files in
 * the workspace, on a kernel kept for attack runs (warm after the first run), reported case by
 * case as the kernel finishes them.
 *
 * <p>The kernel's events are handed over through a queue and passed on from the request's own
 * thread: a browser that stops listening then fails this thread, never the kernel's, and the
 * run is stopped instead of going on for nobody.
 */
public final class KernelAttackRuns implements AttackRuns {

    private final KataRunner runner;
    private final String owner;
    private final Path workspace;
    private final Duration limit;

    /**
     * @param limit how long a run may take before it is given up (the suite's own per-case
     *              timeout is a minute; a whole run is far shorter)
     */
    public KernelAttackRuns(KataRunner runner, String owner, Path workspace, Duration limit) {
        this.runner = runner;
        this.owner = owner;
        this.workspace = workspace;
        this.limit = limit;
    }

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        try {
            runner.run(owner, workspace, kata, queue::add).whenComplete((reply, failure) -> {
                if (failure != null) {
                    // The kernel ended under the run (shut down, killed, out of memory): no tally will come.
                    queue.add(new Event.AttacksReply("", Event.Status.ABORTED, kata.id(), 0, 0, 0, 0, 0,
                            "The run stopped: " + rootMessage(failure)));
                }
            });
        } catch (KernelLimitException e) {
            throw new KernelsBusyException("The attacks cannot run now: " + e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new KernelUnavailableException("The attacks cannot run now: " + e.getMessage());
        }
        try {
            events.accept(new AttackEvent.Started(kata.id()));
            relay(queue, events);
        } catch (RuntimeException e) {
            runner.stop(owner, workspace);
            throw e;
        }
    }

    @Override
    public void release() {
        runner.release(owner, workspace);
    }

    @Override
    public void stop() {
        runner.stop(owner, workspace);
    }

    private void relay(BlockingQueue<Event> queue, Consumer<AttackEvent> events) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Event event;
            try {
                event = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the attacks ran", e);
            }
            if (event == null) {
                runner.stop(owner, workspace);
                events.accept(new AttackEvent.Aborted("The run took longer than " + limit.toSeconds() + " s and was stopped"));
                return;
            }
            if (event instanceof Event.CasesPlanned planned) {
                events.accept(new AttackEvent.Planned(planned.families().stream()
                        .map(f -> new AttackEvent.Family(f.name(), f.attack(), f.cases())).toList(), planned.exact()));
            } else if (event instanceof Event.CaseStarted started) {
                events.accept(new AttackEvent.CaseStarted(started.name(), started.attack(), started.family()));
            } else if (event instanceof Event.CaseFinished finished) {
                events.accept(finished(finished));
            } else if (event instanceof Event.AttacksReply reply) {
                end(reply, events);
                return;
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static AttackEvent.CaseFinished finished(Event.CaseFinished c) {
        boolean passed = c.outcome() == Outcome.BLOCKED || c.outcome() == Outcome.PASSED;
        return new AttackEvent.CaseFinished(c.name(), c.attack(), passed, passed ? "" : c.detail(), c.family());
    }

    private static void end(Event.AttacksReply reply, Consumer<AttackEvent> events) {
        if (reply.status() != Event.Status.OK) {
            events.accept(new AttackEvent.Aborted(reply.message().isEmpty() ? "The run was stopped" : reply.message()));
            return;
        }
        if (!reply.message().isEmpty()) {
            events.accept(new AttackEvent.Aborted(reply.message())); // part of the suite could not run
        }
        events.accept(new AttackEvent.Finished(reply.blocked(), reply.attacks(), reply.honestPassed(), reply.honest()));
    }
}
