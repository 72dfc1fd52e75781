package dev.rampart.server.dojo;

import dev.rampart.server.workspace.KernelInfo;
import dev.rampart.server.workspace.Kernels;

/**
 * One participant's notebook kernels: each takes one of the room's {@link NotebookSeats}, and
 * waits in the room's {@link KernelQueue} when every seat or every kernel is taken.
 */
final class QueuedKernels extends ForwardingKernels {

    private final KernelQueue queue;
    private final NotebookSeats seats;
    private final String participant;

    QueuedKernels(Kernels kernels, KernelQueue queue, NotebookSeats seats, String participant) {
        super(kernels);
        this.queue = queue;
        this.seats = seats;
        this.participant = participant;
    }

    @Override
    public KernelInfo start(String name) {
        return queue.enter(participant, () -> seats.take(() -> kernels.start(name)));
    }
}
