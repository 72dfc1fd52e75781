package dev.rampart.server.kernel.child;

import dev.rampart.contract.CaseResult.Kind;
import dev.rampart.kata.support.CaseResults;
import dev.rampart.kata.support.SuitePlan;
import dev.rampart.server.kernel.protocol.Event;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Inside a kernel: reports the plan of an attack run before its first case (every family and
 * how many cases it has, so the page knows the total at once), then each case as it starts.
 * {@code KataSuite} reports cases as they end; this listener is registered through
 * {@code META-INF/services}, so the launcher it creates picks it up too. Outside an attack run
 * in a kernel (in the server's own tests, say) it does nothing.
 */
public final class CaseStarts implements TestExecutionListener {

    private static volatile Target target;

    private record Target(String parent, Consumer<Event> publish) {
    }

    private TestPlan plan;

    /** The plan of the run under way, for the family of each case; null outside a run. */
    private static volatile SuitePlan suitePlan;

    /** Sends start events for this run to {@code publish} until {@link #stop()}. */
    static void listen(String parent, Consumer<Event> publish) {
        target = new Target(parent, publish);
    }

    static void stop() {
        target = null;
        suitePlan = null;
    }

    /** The position of a case's family in the plan sent for this run, or -1. */
    static int familyOf(String uniqueId) {
        var current = suitePlan;
        return current == null ? -1 : current.familyOf(uniqueId).orElse(-1);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        var current = target;
        if (current == null) {
            return;
        }
        var planned = SuitePlan.of(testPlan);
        suitePlan = planned;
        current.publish().accept(new Event.CasesPlanned(current.parent(), planned.families().stream()
                .map(f -> new Event.PlannedFamily(f.name(), f.attack(), f.cases())).toList(), planned.exact()));
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        var current = target;
        if (current == null || plan == null || !id.isTest()) {
            return;
        }
        boolean attack = CaseResults.kind(id) == Kind.ATTACK;
        current.publish().accept(new Event.CaseStarted(current.parent(), id.getUniqueId(), name(id), attack,
                familyOf(id.getUniqueId())));
    }

    /** Same naming as the contract's results: {@code FileServerTest › what the attacker does}. */
    private String name(TestIdentifier id) {
        var parts = new ArrayList<String>();
        for (var at = id; at != null && at.getParentId().isPresent(); at = plan.getParent(at).orElse(null)) {
            parts.add(0, at.getDisplayName());
        }
        return String.join(" › ", parts);
    }
}
