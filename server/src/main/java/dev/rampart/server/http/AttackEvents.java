package dev.rampart.server.http;

import dev.rampart.server.workspace.AttackEvent;
/** Attack-run events as JSON lines: {@code {"type": "case", ...}}. */
final class AttackEvents {

    private AttackEvents() {
    }

    static String toJson(AttackEvent event) {
        var node = Json.object();
        if (event instanceof AttackEvent.Started started) {
            node.put("type", "started").put("kata", started.kata());
        } else if (event instanceof AttackEvent.CaseStarted running) {
            node.put("type", "running").put("name", running.name()).put("kind", running.attack() ? "attack" : "honest");
        } else if (event instanceof AttackEvent.CaseFinished done) {
            node.put("type", "case").put("name", done.name()).put("kind", done.attack() ? "attack" : "honest")
                    .put("passed", done.passed()).put("message", done.message());
        } else if (event instanceof AttackEvent.Aborted aborted) {
            node.put("type", "aborted").put("reason", aborted.reason());
        } else if (event instanceof AttackEvent.Finished finished) {
            node.put("type", "finished").put("attacksBlocked", finished.attacksBlocked()).put("attacks", finished.attacks())
                    .put("honestPassed", finished.honestPassed()).put("honest", finished.honest());
        }
        return node.toString();
    }
}
