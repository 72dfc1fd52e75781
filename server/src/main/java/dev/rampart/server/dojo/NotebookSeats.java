package dev.rampart.server.dojo;

import dev.rampart.server.workspace.KernelsBusyException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How many of the room's kernels notebooks may hold at once. The rest are kept for attack runs:
 * were every kernel a notebook's, everyone would wait for an attack kernel that nobody gives
 * back. Counts the notebooks' live kernels plus those starting, so two openings at the same
 * moment cannot both take the last seat; nothing is held while a kernel starts.
 */
final class NotebookSeats {

    private final int seats;
    private final IntSupplier open;
    private int starting;

    /**
     * @param seats how many notebooks may hold a kernel at once
     * @param open  how many notebook kernels the room has now
     */
    NotebookSeats(int seats, IntSupplier open) {
        if (seats < 1) {
            throw new IllegalArgumentException("A room needs at least one notebook kernel, not " + seats);
        }
        this.seats = seats;
        this.open = open;
    }

    /**
     * Starts a notebook's kernel if a seat is free.
     *
     * @throws KernelsBusyException when every seat is taken
     */
    <T> T take(Supplier<T> start) {
        synchronized (this) {
            if (open.getAsInt() + starting >= seats) {
                throw new KernelsBusyException("All " + seats + " notebook kernels of the room are in use");
            }
            starting++;
        }
        try {
            return start.get();
        } finally {
            synchronized (this) {
                starting--;
            }
        }
    }
}
