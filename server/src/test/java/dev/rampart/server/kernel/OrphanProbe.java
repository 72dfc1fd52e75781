package dev.rampart.server.kernel;

import java.nio.file.Files;

/**
 * A stand-in server for {@link NoOrphansTest}: starts kernels (one in use, one in the pool),
 * prints their pids, then waits to be killed.
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
        Thread.currentThread().join(); // until killed
    }
}
