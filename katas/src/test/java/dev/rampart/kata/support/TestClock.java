package dev.rampart.kata.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves by hand, so expiry is tested without sleeping. Hand it to the code
 * under test wherever that code takes a {@link Clock}; every clock derived with
 * {@link #withZone} moves with it.
 */
public final class TestClock extends Clock {

    private final Instant[] now;
    private final ZoneId zone;

    private TestClock(Instant[] now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static TestClock at(Instant start) {
        return new TestClock(new Instant[] {start}, ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration by) {
        synchronized (now) {
            now[0] = now[0].plus(by);
        }
    }

    @Override
    public Instant instant() {
        synchronized (now) {
            return now[0];
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(now, other);
    }
}
