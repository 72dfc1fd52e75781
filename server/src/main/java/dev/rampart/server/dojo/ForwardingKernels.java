package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.KernelChannel;
import dev.rampart.server.workspace.KernelInfo;
import dev.rampart.server.workspace.KernelListener;
import dev.rampart.server.workspace.Kernels;
import java.util.List;
import java.util.Optional;

/**
 * One person's kernels, passed through to the ones underneath: a decorator overrides what it
 * changes (a place in the queue, a cell written down) and inherits the rest.
 */
abstract class ForwardingKernels implements Kernels {

    protected final Kernels kernels;

    ForwardingKernels(Kernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public KernelInfo start(String name) {
        return kernels.start(name);
    }

    @Override
    public List<KernelInfo> list() {
        return kernels.list();
    }

    @Override
    public Optional<KernelInfo> find(String id) {
        return kernels.find(id);
    }

    @Override
    public void bind(String id, Kata kata) {
        kernels.bind(id, kata);
    }

    @Override
    public void shutdown(String id) {
        kernels.shutdown(id);
    }

    @Override
    public KernelInfo restart(String id) {
        return kernels.restart(id);
    }

    @Override
    public void interrupt(String id) {
        kernels.interrupt(id);
    }

    @Override
    public KernelChannel connect(String id, KernelListener listener) {
        return kernels.connect(id, listener);
    }

    /** Stops this person's kernels only: the kernels underneath may be the whole room's. */
    @Override
    public void shutdownAll() {
        kernels.list().forEach(kernel -> kernels.shutdown(kernel.id()));
    }
}
