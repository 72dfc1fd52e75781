package dev.rampart.server.katarunner;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.Kernel;
import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.kernel.protocol.Event;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * "Run the attacks" outside a notebook (the dojo board, an interview report): runs a kata's
 * suite against an owner's current sources on a kernel kept for that owner's attack runs, so
 * repeated runs are warm (JUnit loaded, the embedded database up) and never share a JVM with
 * the learner's notebook state. That kernel counts against the owner's kernel limit.
 *
 * <p>Inside a notebook, use {@link Kernel#runAttacks} on the notebook's own kernel instead.
 */
public final class KataRunner {

    private final Kernels kernels;
    private final Map<String, Kernel> byOwner = new ConcurrentHashMap<>();

    public KataRunner(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Runs the attacks of {@code kata} on {@code workspace}'s current sources; {@code listener}
     * receives a start and an end event per case, then the tally the future completes with.
     */
    public CompletableFuture<Event.AttacksReply> run(String owner, Path workspace, Kata kata,
                                                     Consumer<Event> listener) {
        // Taking the kernel and sending the run happen under one lock with release(), so a
        // kernel is never given back between the two (it is not busy until the run is sent).
        synchronized (byOwner) {
            var kernel = byOwner.compute(key(owner, workspace), (k, existing) -> existing == null || existing.isClosed()
                    ? kernels.acquire(owner, workspace) : existing);
            return kernel.runAttacks(kata, listener);
        }
    }

    /**
     * Stops the owner's run under way, if any (whoever asked for it stopped listening). Its
     * future still completes, with an aborted or error tally.
     */
    public void stop(String owner, Path workspace) {
        var kernel = byOwner.get(key(owner, workspace));
        if (kernel != null) {
            kernel.interrupt();
        }
    }

    /**
     * Shuts the owner's attack kernel down, so someone else can have it; the next run starts
     * another (cold). Does nothing while a run is under way or when there is no such kernel.
     */
    public void release(String owner, Path workspace) {
        synchronized (byOwner) {
            byOwner.computeIfPresent(key(owner, workspace), (k, kernel) -> {
                if (kernel.isBusy()) {
                    return kernel;
                }
                kernel.shutdown();
                return null;
            });
        }
    }

    private static String key(String owner, Path workspace) {
        return owner + "\u0000" + workspace.toAbsolutePath().normalize();
    }
}
