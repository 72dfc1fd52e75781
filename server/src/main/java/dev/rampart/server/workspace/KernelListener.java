package dev.rampart.server.workspace;

/** Receives a kernel's output and replies, in order, on the kernel's own thread: keep it quick. */
@FunctionalInterface
public interface KernelListener {

    void on(KernelEvent event);
}
