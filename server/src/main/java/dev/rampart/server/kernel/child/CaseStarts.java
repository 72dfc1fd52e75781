package dev.rampart.server.kernel.child;

import dev.rampart.contract.CaseResult.Kind;
import dev.rampart.kata.support.CaseResults;
import dev.rampart.server.kernel.protocol.Event;
import java.util.ArrayList;
import java.util.function.Consumer;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Inside a kernel: reports each case of an attack run as it starts. {@code KataSuite} reports cases as they end;
 * this listener is registered through {@code META-INF/services}, so the launcher it creates
 * picks it up too. Outside an attack run in a kernel (in the server's own tests, say) it does
 * nothing.
 */
public final class CaseStarts implements TestExecutionListener {

    private static volatile Target target;

    private record Target(String parent, Consumer<Event> publish) {
    }

    private TestPlan plan;

    /** Sends start events for this run to {@code publish} until {@link #stop()}. */
    static void listen(String parent, Consumer<Event> publish) {
        target = new Target(parent, publish);
    }

    static void stop() {
        target = null;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        var current = target;
        if (current == null || plan == null || !id.isTest()) {
            return;
        }
        boolean attack = CaseResults.kind(id) == Kind.ATTACK;
        current.publish().accept(new Event.CaseStarted(current.parent(), id.getUniqueId(), name(id), attack));
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
