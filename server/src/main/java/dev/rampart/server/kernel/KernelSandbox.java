package dev.rampart.server.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a kernel's JVM runs: in namespaces of its own ({@link BubblewrapSandbox}), or, where the
 * host refuses them or the settings turn them off, as a plain child process ({@link Unsandboxed}).
 * The launcher builds the {@code java} command; the sandbox says where the kernel sees its socket
 * and folder, wraps the command, and gives a kernel taken from the pool its owner's workspace.
 */
sealed interface KernelSandbox extends AutoCloseable permits BubblewrapSandbox, Unsandboxed {

    /** What confines kernels, or why nothing does: the server prints it at start. */
    KernelIsolation isolation();

    /** The kernel's socket, as the kernel sees it, for a kernel whose private folder is {@code folder}. */
    Path socket(Path folder);

    /**
     * The command that starts a kernel whose private folder (already made, 0700) is
     * {@code folder}: {@code java} as given, wrapped in whatever confines it.
     */
    List<String> command(Path folder, List<String> java) throws IOException;

    /**
     * Gives a started kernel (one from the pool serves whoever takes it) the owner's workspace:
     * from now on the kernel finds it at {@link #workspace(Path)}.
     */
    void admit(Path folder, Path workspace) throws IOException;

    /** Where a kernel finds {@code workspace} once admitted to it. */
    Path workspace(Path workspace);

    /** The kernel's JVM among the processes {@code started} began (behind a sandbox, not the first). */
    ProcessHandle jvm(Process started);

    /** Stops what the sandbox itself runs; the kernels are the launcher's to stop. */
    @Override
    void close();
}
