package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.workspace.AttackEvent;

/** Attack-run events as JSON lines: {@code {"type": "case", ...}}. */
final class AttackEvents {

    private AttackEvents() {
    }

    static String toJson(AttackEvent event) {
        var node = Json.object();
        if (event instanceof AttackEvent.Started started) {
            node.put("type", "started").put("kata", started.kata());
        } else if (event instanceof AttackEvent.Planned planned) {
            node.put("type", "plan").put("cases", planned.cases()).put("exact", planned.exact());
            var families = node.putArray("families");
            planned.families().forEach(f -> families.addObject().put("name", f.name()).put("kind", kind(f.attack())).put("cases", f.cases()));
        } else if (event instanceof AttackEvent.CaseStarted running) {
            node.put("type", "running").put("name", running.name()).put("kind", kind(running.attack()));
            family(node, running.family());
        } else if (event instanceof AttackEvent.CaseFinished done) {
            node.put("type", "case").put("name", done.name()).put("kind", kind(done.attack()))
                    .put("passed", done.passed()).put("message", done.message());
            family(node, done.family());
        } else if (event instanceof AttackEvent.Aborted aborted) {
            node.put("type", "aborted").put("reason", aborted.reason());
        } else if (event instanceof AttackEvent.Finished finished) {
            node.put("type", "finished").put("attacksBlocked", finished.attacksBlocked()).put("attacks", finished.attacks())
                    .put("honestPassed", finished.honestPassed()).put("honest", finished.honest());
        }
        return node.toString();
    }

    private static String kind(boolean attack) {
        return attack ? "attack" : "honest";
    }

    /** The case's family, by its position in the plan; left out when the plan did not foresee the case. */
    private static void family(ObjectNode node, int family) {
        if (family >= 0) {
            node.put("family", family);
        }
    }
}
