package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import java.util.function.Consumer;

/**
 * One participant's attack runs, waiting in the room's {@link KernelQueue} like their notebook's
 * kernel when every kernel is taken. The run's start (its first event) means it got a kernel,
 * so the participant leaves the line then, not when the run is over.
 */
final class QueuedAttackRuns implements AttackRuns {

    private final AttackRuns runs;
    private final KernelQueue queue;
    private final String participant;

    QueuedAttackRuns(AttackRuns runs, KernelQueue queue, String participant) {
        this.runs = runs;
        this.queue = queue;
        this.participant = participant;
    }

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        queue.enter(participant, () -> runs.run(kata, event -> {
            if (event instanceof AttackEvent.Started) {
                queue.leave(participant);
            }
            events.accept(event);
        }));
    }

    @Override
    public void release() {
        runs.release();
    }

    @Override
    public void stop() {
        runs.stop();
    }
}
