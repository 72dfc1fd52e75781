package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.http.KernelChannel;
import dev.rampart.server.http.KernelInfo;
import dev.rampart.server.http.KernelListener;
import dev.rampart.server.http.Kernels;
import java.util.List;
import java.util.Optional;

/**
 * One participant's notebook kernels: each takes one of the room's {@link NotebookSeats}, and
 * waits in the room's {@link KernelQueue} when every seat or every kernel is taken.
 */
final class QueuedKernels implements Kernels {

    private final Kernels kernels;
    private final KernelQueue queue;
    private final NotebookSeats seats;
    private final String participant;

    QueuedKernels(Kernels kernels, KernelQueue queue, NotebookSeats seats, String participant) {
        this.kernels = kernels;
        this.queue = queue;
        this.seats = seats;
        this.participant = participant;
    }

    @Override
    public KernelInfo start(String name) {
        return queue.enter(participant, () -> seats.take(() -> kernels.start(name)));
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

    /** Stops this participant's kernels only (the kernels underneath are the whole room's). */
    @Override
    public void shutdownAll() {
        kernels.list().forEach(kernel -> kernels.shutdown(kernel.id()));
    }
}
