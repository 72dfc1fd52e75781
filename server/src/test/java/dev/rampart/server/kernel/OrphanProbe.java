package dev.rampart.server.kernel;

import dev.rampart.server.kernel.protocol.Event;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in server for {@link NoOrphansTest}: starts kernels (one in use, one in the pool),
 * prints their pids, runs the cell given as its argument, if any, in the kernel in use, prints
 * what the cell gave and then that it is still alive, and waits to be killed.
 */
public final class OrphanProbe {

    private OrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        var defaults = KernelSettings.defaults();
        var kernels = Kernels.start(defaults.with(defaults.pool().withSize(1)));
        var kernel = kernels.acquire("probe", Files.createTempDirectory("probe"));
        if (!kernels.awaitPool(java.time.Duration.ofSeconds(120))) {
            throw new IllegalStateException("the pool did not fill");
        }
        System.out.println("pids " + kernel.pid().orElseThrow() + " " + kernels.readyPids().get(0));
        System.out.flush();
        if (args.length > 0) {
            var result = new StringBuilder();
            kernel.execute(args[0], event -> {
                if (event instanceof Event.ExecuteResult value) {
                    result.append(value.data().get("text/plain"));
                } else if (event instanceof Event.Failure failure) {
                    result.append(failure.ename()).append(": ").append(failure.evalue());
                }
            }).get(120, TimeUnit.SECONDS);
            System.out.println("cell " + result.toString().replace('\n', ' '));
            System.out.println("still here");
            System.out.flush();
        }
        Thread.currentThread().join(); // until killed
    }
}
