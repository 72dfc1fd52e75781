package dev.rampart.server.kernel;

import java.nio.file.Path;
import java.util.List;

/**
 * Kernels as plain child processes of the server, as before the sandbox: each sees the machine as
 * the learner's account does, the server's process and the other kernels included. Used where the
 * host refuses user namespaces (or has no bubblewrap), and where the settings ask for it.
 */
final class Unsandboxed implements KernelSandbox {

    private final KernelIsolation isolation;

    /** @param why what the server says at start: why kernels are not sandboxed */
    Unsandboxed(String why) {
        this.isolation = new KernelIsolation(false, why);
    }

    @Override
    public KernelIsolation isolation() {
        return isolation;
    }

    @Override
    public Path socket(Path folder) {
        return folder.resolve("k.sock");
    }

    @Override
    public List<String> command(Path folder, List<String> java) {
        return java;
    }

    @Override
    public void admit(Path folder, Path workspace) {
        // The kernel reaches every file the learner can, the workspace among them.
    }

    @Override
    public Path workspace(Path workspace) {
        return workspace;
    }

    @Override
    public ProcessHandle jvm(Process started) {
        return started.toHandle();
    }

    @Override
    public void close() {
        // nothing of its own runs
    }
}
