package dev.rampart.server.kernel;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kernels started ahead of need. Taking one from the pool costs a queue operation; the pool then
 * starts a replacement in the background. Starts run at most two at a time, so a burst of
 * requests (a dojo room joining) does not starve the server of CPU.
 *
 * <p>A start that fails (a broken class path, say) is not retried in a loop: the next
 * {@link #take} tries again and, if that fails too, reports why.
 */
final class KernelPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KernelPool.class);

    private final KernelLauncher launcher;
    private final int size;
    private final IntSupplier inUse;
    private final int maxProcesses;
    private final ExecutorService starter;
    private final ArrayDeque<KernelProcess> ready = new ArrayDeque<>();
    private int starting;
    private int waiting;
    private IOException lastFailure;
    private boolean closed;

    /**
     * @param inUse        how many kernel processes are held by sessions now
     * @param maxProcesses kernel processes allowed in all, in use, ready or starting
     */
    KernelPool(KernelLauncher launcher, int size, IntSupplier inUse, int maxProcesses) {
        this.launcher = launcher;
        this.size = size;
        this.inUse = inUse;
        this.maxProcesses = maxProcesses;
        this.starter = Executors.newFixedThreadPool(2, r -> {
            var thread = new Thread(r, "kernel-starter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts filling the pool. */
    synchronized void fill() {
        lastFailure = null;
        refill();
    }

    /** Waits until the pool holds its full size; false on timeout. */
    synchronized boolean awaitFull(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.size() < size && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return !closed;
    }

    synchronized java.util.List<Long> readyPids() {
        return ready.stream().map(KernelProcess::pid).toList();
    }

    /** Kernels ready to be taken now. */
    synchronized int readyCount() {
        return ready.size();
    }

    /**
     * A ready kernel: one from the pool at once, or the next one to finish starting. While kernels
     * are starting, it waits for them past {@code timeout} (each start has a time limit of its
     * own, so a start that hangs ends as a failure): on a busy machine a fresh server's pool may
     * take minutes to warm, and a notebook that waits is better than one told to try again.
     *
     * @throws IOException if starting one failed, or none was ready within {@code timeout} while
     *                     none was starting, or within ten times {@code timeout} in all
     */
    synchronized KernelProcess take(Duration timeout) throws IOException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long limit = started + 10 * timeout.toNanos();
        waiting++;
        try {
            lastFailure = null;
            while (true) {
                if (closed) {
                    throw new IOException("The kernels are shutting down");
                }
                var kernel = ready.pollFirst();
                if (kernel != null && kernel.alive()) {
                    refill();
                    return kernel;
                }
                if (kernel != null) {
                    continue; // died while waiting in the pool
                }
                refill();
                if (lastFailure != null && starting == 0) {
                    throw lastFailure;
                }
                long now = System.nanoTime();
                if (now >= deadline && (starting == 0 || now >= limit)) {
                    throw new IOException("No kernel was ready within " + (now - started) / 1_000_000_000 + " s"
                            + (starting == 0 ? " and none is starting: the server has all the kernels it may run" : ""));
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, (now < deadline ? deadline : limit) - now));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for a kernel", e);
        } finally {
            waiting--;
        }
    }

    /** Starts kernels until the pool (and whoever waits) is served, within the process limit. */
    private void refill() {
        while (!closed && lastFailure == null && ready.size() + starting < size + waiting
                && inUse.getAsInt() + ready.size() + starting < maxProcesses) {
            starting++;
            starter.execute(this::startOne);
        }
    }

    private void startOne() {
        KernelProcess kernel = null;
        IOException failure = null;
        try {
            kernel = launcher.start();
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            if (!isClosed()) {
                LOG.warn("A kernel failed to start: {}", e.getMessage());
            }
        }
        synchronized (this) {
            starting--;
            if (kernel != null) {
                var started = kernel;
                ready.addLast(started);
                started.death().thenRun(() -> forget(started));
            } else {
                lastFailure = failure;
            }
            notifyAll();
            if (kernel != null) {
                refill();
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void forget(KernelProcess kernel) {
        if (ready.remove(kernel)) {
            notifyAll();
            refill();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        starter.shutdownNow();
    }
}
