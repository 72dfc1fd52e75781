package dev.rampart.server.http;

import java.util.function.Consumer;

/**
 * Runs a kata's attack suite against the learner's current sources: the seam where
 * {@code dev.rampart.server.katarunner} plugs in. Until it lands, {@link #unavailable()}.
 */
@FunctionalInterface
public interface AttackRuns {

    /**
     * Runs the suite, reporting each case as it finishes; returns when the run is over.
     * Events arrive on the calling thread or another, in order.
     */
    void run(String kataId, Consumer<AttackEvent> events);

    static AttackRuns unavailable() {
        return (kataId, events) -> {
            throw new KernelUnavailableException("This build of the server cannot run the attacks yet: run ./mvnw test -pl katas -Dkata="
                    + kataId + " instead");
        };
    }
}
