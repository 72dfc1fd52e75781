package dev.rampart.server.kernel;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts processes from one thread that lives as long as the server.
 *
 * <p>Why: bubblewrap's {@code --die-with-parent} (Linux's parent-death signal) fires when the
 * <em>thread</em> that started the process ends, not the process. A kernel started from
 * {@code main} would be killed the moment {@code main} returns; one started from a pool's
 * thread, whenever that thread is retired. Started from here, a sandbox dies with the server and
 * only then (even on {@code kill -9}).
 */
final class Spawner implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        var spawner = new Thread(r, "kernel-spawner");
        spawner.setDaemon(true);
        return spawner;
    });

    /** {@code builder.start()}, on the spawner's thread. */
    Process start(ProcessBuilder builder) throws IOException {
        try {
            // A task's exception is caught by its future, so the thread itself never dies.
            return thread.submit(builder::start).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("Could not start " + builder.command().get(0) + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting " + builder.command().get(0), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
