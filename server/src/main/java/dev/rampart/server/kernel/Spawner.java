package dev.rampart.server.kernel;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * {@code builder.start()}, on the spawner's thread. The caller waits for the process even when
     * interrupted (a pool closing interrupts its starters): the spawner goes on starting it
     * whatever the caller does, so the caller kills it before saying it was interrupted, and no
     * process is left that nobody holds.
     */
    Process start(ProcessBuilder builder) throws IOException {
        Future<Process> spawn = thread.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    var process = spawn.get();
                    if (interrupted) {
                        StrayProcesses.kill(process);
                        throw new IOException("Interrupted while starting " + builder.command().get(0));
                    }
                    return process;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException("Could not start " + builder.command().get(0) + ": " + e.getCause(), e.getCause());
                } catch (CancellationException e) {
                    throw new IOException("The spawner stopped before starting " + builder.command().get(0), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        // A start still queued is cancelled, so its caller stops waiting.
        thread.shutdownNow().forEach(task -> ((Future<?>) task).cancel(false));
    }
}
