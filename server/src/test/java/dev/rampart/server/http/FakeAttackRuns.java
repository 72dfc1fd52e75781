package dev.rampart.server.http;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reports a fixed run: one attack blocked, one fell, one honest test passed. Given a gate, the
 * run stops after its start until the gate opens (or half a minute passes) and records which.
 */
final class FakeAttackRuns implements AttackRuns {

    final List<String> runs = new CopyOnWriteArrayList<>();
    volatile CountDownLatch gate;
    volatile boolean gateOpenedInTime;

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        runs.add(kata.id());
        events.accept(new AttackEvent.Started(kata.id()));
        var held = gate;
        if (held != null) {
            try {
                gateOpenedInTime = held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        events.accept(new AttackEvent.Planned(List.of(new AttackEvent.Family("dot segments climb out", true, 1),
                new AttackEvent.Family("a symlink leads out", true, 1), new AttackEvent.Family("serves a file in the folder", false, 1)), true));
        events.accept(new AttackEvent.CaseFinished("../ climbs out of the folder", true, true, "", 0));
        events.accept(new AttackEvent.CaseFinished("a symlink leads out", true, false, "the attacker read /etc/passwd", 1));
        events.accept(new AttackEvent.CaseFinished("serves a file in the folder", false, true, "", 2));
        events.accept(new AttackEvent.Finished(1, 2, 1, 1));
    }
}
