package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import java.util.List;
import java.util.Optional;

/**
 * What the routes and the dojo need from one workspace's kernels: the seam where
 * {@code dev.rampart.server.kernel} plugs in ({@link ChildKernels}, an adapter in this package,
 * so the kernel package never imports this one). Kernel ids are opaque strings; every method may
 * be called from any thread.
 *
 * <p>{@link UnavailableKernels} stands in when the server could not start kernels, and every
 * call says so.
 */
public interface Kernels {

    /** The one kernelspec: Java. */
    String KERNELSPEC = "java";

    /** Starts (or takes from the pool) a kernel; {@code name} is a kernelspec name, {@code java}. */
    KernelInfo start(String name);

    List<KernelInfo> list();

    Optional<KernelInfo> find(String id);

    /**
     * Binds the kernel to a kata of the workspace (a lesson's kernel to its kata): its cells see
     * the classes compiled from the learner's current sources, rebuilt whenever they change.
     */
    void bind(String id, Kata kata);

    /** Stops the kernel and its JVM. */
    void shutdown(String id);

    /** Replaces the kernel's JVM with a fresh one; connected channels stay connected and see the status change. */
    KernelInfo restart(String id);

    /** Stops the running cell; the kernel kills and restarts its JVM if the cell does not stop within its grace period. */
    void interrupt(String id);

    /**
     * Connects a listener to a kernel's output; the returned channel sends it requests.
     *
     * @throws NoSuchKernelException when there is no such kernel
     */
    KernelChannel connect(String id, KernelListener listener);

    /** Stops every kernel: called when the server shuts down, so no JVM is orphaned. */
    void shutdownAll();
}
