package dev.rampart.server.dojo;

import dev.rampart.server.workspace.KernelQueuedException;
import dev.rampart.server.workspace.KernelsBusyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The line of participants waiting for a kernel when every kernel is taken. First come, first
 * served: while someone waits, a later arrival does not jump ahead even if a kernel frees up
 * between two of the first one's retries. A place is kept while its holder keeps asking (the
 * page retries every two seconds) and dropped after {@code patience} without a retry, so a
 * closed tab does not hold the line. Thread-safe.
 */
public final class KernelQueue {

    private final Clock clock;
    private final Duration patience;
    private final Map<String, Instant> waiting = new LinkedHashMap<>();
    private volatile Runnable onWait = () -> { };

    public KernelQueue(Clock clock, Duration patience) {
        this.clock = clock;
        this.patience = patience;
    }

    /**
     * What to do whenever someone is (still) in line: give back kernels kept warm for nobody in
     * particular, so the next try finds one. Runs on the caller's thread, outside the line's lock.
     */
    void onWait(Runnable action) {
        this.onWait = action;
    }

    /**
     * Tries {@code attempt} for {@code who} if nobody waits ahead of them; {@code who} leaves the
     * line when the attempt gets its kernel (or fails for another reason). When every kernel is
     * taken (the attempt throws {@link KernelsBusyException}), or others are ahead, {@code who}
     * keeps or takes a place instead.
     *
     * @throws KernelQueuedException with {@code who}'s place in line
     */
    <T> T enter(String who, Supplier<T> attempt) {
        if (!mayTry(who)) {
            throw queued(who);
        }
        try {
            var got = attempt.get();
            leave(who);
            return got;
        } catch (KernelsBusyException e) {
            throw queued(who);
        } catch (RuntimeException | Error e) {
            leave(who);
            throw e;
        }
    }

    /** {@link #enter(String, Supplier)} for an attempt with nothing to hand back (an attack run). */
    void enter(String who, Runnable attempt) {
        enter(who, () -> {
            attempt.run();
            return who;
        });
    }

    /** {@code who} got a kernel, or gave up. */
    synchronized void leave(String who) {
        waiting.remove(who);
    }

    /** Who waits now, in order (for the board). */
    synchronized List<String> waiting() {
        dropStale();
        return List.copyOf(waiting.keySet());
    }

    private KernelQueuedException queued(String who) {
        var position = placeOf(who);
        onWait.run();
        return new KernelQueuedException(position);
    }

    private synchronized boolean mayTry(String who) {
        dropStale();
        return waiting.isEmpty() || waiting.keySet().iterator().next().equals(who);
    }

    /** Puts {@code who} in line (or keeps their place) and returns their position, from 1. */
    private synchronized int placeOf(String who) {
        dropStale();
        waiting.putIfAbsent(who, clock.instant());
        waiting.put(who, clock.instant());
        var position = 1;
        for (var key : waiting.keySet()) {
            if (key.equals(who)) {
                return position;
            }
            position++;
        }
        throw new IllegalStateException("unreachable");
    }

    private void dropStale() {
        var cutoff = clock.instant().minus(patience);
        waiting.values().removeIf(lastSeen -> lastSeen.isBefore(cutoff));
    }
}
