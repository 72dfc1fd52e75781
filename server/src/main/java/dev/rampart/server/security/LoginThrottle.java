package dev.rampart.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing: after {@code freeAttempts} wrong tokens from one client, that client is
 * locked out, and each further failure doubles the lockout up to {@code maxLockout}. While a
 * client is locked out even the right token is refused, so guessing gains nothing from speed.
 *
 * <p>A 256-bit token cannot be guessed anyway; this is defence in depth, and it makes guessing
 * loud in the security log. Thread-safe; time comes from the injected {@link Clock}.
 */
public final class LoginThrottle {

    private static final int MAX_CLIENTS = 4096;

    private final Clock clock;
    private final int freeAttempts;
    private final Duration firstLockout;
    private final Duration maxLockout;
    private final Map<String, State> clients = new HashMap<>();

    private record State(int failures, Instant lockedUntil) {
    }

    public LoginThrottle(Clock clock, int freeAttempts, Duration firstLockout, Duration maxLockout) {
        this.clock = clock;
        this.freeAttempts = freeAttempts;
        this.firstLockout = firstLockout;
        this.maxLockout = maxLockout;
    }

    /** The default policy: five free attempts, then 30 s doubling up to 15 min. */
    public static LoginThrottle standard(Clock clock) {
        return new LoginThrottle(clock, 5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    /** How long {@code client} must still wait, or empty when it may try now. */
    public synchronized Optional<Duration> lockedFor(String client) {
        var state = clients.get(client);
        if (state == null) {
            return Optional.empty();
        }
        var now = clock.instant();
        return now.isBefore(state.lockedUntil()) ? Optional.of(Duration.between(now, state.lockedUntil())) : Optional.empty();
    }

    public synchronized void failed(String client) {
        var failures = clients.getOrDefault(client, new State(0, Instant.MIN)).failures() + 1;
        var lockedUntil = Instant.MIN;
        if (failures >= freeAttempts) {
            var doublings = Math.min(failures - freeAttempts, 20);
            var lockout = firstLockout.multipliedBy(1L << doublings);
            lockedUntil = clock.instant().plus(lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout);
        }
        if (clients.size() >= MAX_CLIENTS && !clients.containsKey(client)) {
            forgetUnlocked();
        }
        clients.put(client, new State(failures, lockedUntil));
    }

    public synchronized void succeeded(String client) {
        clients.remove(client);
    }

    private void forgetUnlocked() {
        var now = clock.instant();
        clients.values().removeIf(state -> !now.isBefore(state.lockedUntil()));
    }
}
