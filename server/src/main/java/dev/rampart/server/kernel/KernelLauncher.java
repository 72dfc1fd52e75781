package dev.rampart.server.kernel;

import java.io.IOException;

/**
 * Starts kernel processes. The seam for running kernels elsewhere than as local child JVMs
 * (containers, pods); the rest of the package only sees {@link KernelProcess}.
 */
interface KernelLauncher extends AutoCloseable {

    /** Starts one kernel and returns it once it is ready for requests. */
    KernelProcess start() throws IOException;

    /**
     * Gives a started kernel (one from the pool serves whoever takes it) its owner's workspace:
     * a sandboxed kernel sees no other.
     */
    void admit(KernelProcess kernel, java.nio.file.Path workspace) throws IOException;

    /** Kills every process this launcher started that is still alive. */
    @Override
    void close();
}
