package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = LoginThrottle.standard(clock);

    @Test
    void fiveWrongGuessesLockTheClientOutAndEachMoreDoublesTheWait() {
        for (var i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();

        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).contains(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).contains(Duration.ofSeconds(60));
    }

    @Test
    void theLockoutIsCappedAndPerClient() {
        for (var i = 0; i < 40; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.lockedFor("10.0.0.1")).contains(Duration.ofMinutes(15));
        assertThat(throttle.lockedFor("10.0.0.2")).isEmpty();
    }

    @Test
    void successForgetsEarlierFailures() {
        for (var i = 0; i < 4; i++) {
            throttle.failed("10.0.0.1");
        }
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");

        assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();
    }
}
