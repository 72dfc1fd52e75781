package dev.rampart.server.kernel;

/**
 * How the server's kernels are kept apart, as the server tells the person who started it.
 *
 * @param sandboxed true when each kernel runs in namespaces of its own (it cannot see the server,
 *                  other kernels, or files beyond its own); false when kernels are plain child
 *                  processes of the server, which a cell can signal and read
 * @param summary   one line: what confines kernels, or why nothing does and what to do about it
 */
public record KernelIsolation(boolean sandboxed, String summary) {
}
