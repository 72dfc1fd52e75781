package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import java.util.List;
import java.util.Optional;

/**
 * Stands in for the kernels when the server could not start any (its class path is incomplete;
 * it printed why at start-up): lists nothing, refuses the rest with 503.
 */
public final class UnavailableKernels implements Kernels {

    private static final String WHY = "This server started without kernels (its start-up warning says why): notebooks open and save,"
            + " but code cannot run";

    @Override
    public KernelInfo start(String name) {
        throw new KernelUnavailableException(WHY);
    }

    @Override
    public List<KernelInfo> list() {
        return List.of();
    }

    @Override
    public Optional<KernelInfo> find(String id) {
        return Optional.empty();
    }

    @Override
    public void bind(String id, Kata kata) {
        throw new NoSuchKernelException();
    }

    @Override
    public void shutdown(String id) {
        throw new NoSuchKernelException();
    }

    @Override
    public KernelInfo restart(String id) {
        throw new NoSuchKernelException();
    }

    @Override
    public void interrupt(String id) {
        throw new NoSuchKernelException();
    }

    @Override
    public KernelChannel connect(String id, KernelListener listener) {
        throw new NoSuchKernelException();
    }

    @Override
    public void shutdownAll() {
        // Nothing was started.
    }
}
