package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import java.util.function.Consumer;

/** A participant's attack runs, passed through unchanged, with each finished run's tally recorded on the board. */
final class RecordingAttackRuns implements AttackRuns {

    private final AttackRuns runs;
    private final Room room;
    private final String participant;

    RecordingAttackRuns(AttackRuns runs, Room room, String participant) {
        this.runs = runs;
        this.room = room;
        this.participant = participant;
    }

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        runs.run(kata, event -> {
            if (event instanceof AttackEvent.Finished finished) {
                room.record(participant, kata.id(), finished.attacksBlocked(), finished.attacks(), finished.honestPassed(), finished.honest());
            }
            events.accept(event);
        });
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
