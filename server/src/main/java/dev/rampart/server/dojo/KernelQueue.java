package dev.rampart.server.dojo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

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

    public KernelQueue(Clock clock, Duration patience) {
        this.clock = clock;
        this.patience = patience;
    }

    /** True when {@code who} may try for a kernel now: nobody waits ahead of them. */
    synchronized boolean mayTry(String who) {
        dropStale();
        return waiting.isEmpty() || waiting.keySet().iterator().next().equals(who);
    }

    /** Puts {@code who} in line (or keeps their place) and returns their position, from 1. */
    synchronized int wait(String who) {
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

    /** {@code who} got a kernel, or gave up. */
    synchronized void leave(String who) {
        waiting.remove(who);
    }

    /** Who waits now, in order (for the board). */
    synchronized java.util.List<String> waiting() {
        dropStale();
        return java.util.List.copyOf(waiting.keySet());
    }

    private void dropStale() {
        var cutoff = clock.instant().minus(patience);
        waiting.values().removeIf(lastSeen -> lastSeen.isBefore(cutoff));
    }
}
