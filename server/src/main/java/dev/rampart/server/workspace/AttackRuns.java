package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import java.util.function.Consumer;

/**
 * Runs a kata's attack suite against the learner's current sources: the seam where
 * {@code dev.rampart.server.katarunner} plugs in ({@link KernelAttackRuns}), or
 * {@link #unavailable()} when the server could not start kernels.
 */
@FunctionalInterface
public interface AttackRuns {

    /**
     * Runs the suite, reporting each case as it finishes; returns when the run is over.
     * Events arrive on the calling thread or another, in order.
     */
    void run(Kata kata, Consumer<AttackEvent> events);

    /** Gives back a kernel kept warm between runs, if there is one and no run is under way. */
    default void release() {
    }

    /**
     * Stops the run under way, if any (an interview's time is up): it ends soon, as a run whose
     * listener went away does, and {@link #run} returns.
     */
    default void stop() {
    }

    static AttackRuns unavailable() {
        return (kata, events) -> {
            throw new KernelUnavailableException("This server started without kernels, so it cannot run the attacks: run"
                    + " ./mvnw test -pl katas -Dkata=" + kata.id() + " instead");
        };
    }
}
