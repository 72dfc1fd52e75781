package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    @Test
    void hasAtLeast128BitsAndIsFreshEachTime() {
        var random = new SecureRandom();
        var seen = new HashSet<String>();
        for (var i = 0; i < 100; i++) {
            seen.add(AccessToken.generate(random).reveal());
        }

        assertThat(AccessToken.generate(random).bits()).isGreaterThanOrEqualTo(128);
        assertThat(seen).hasSize(100);
        assertThat(seen).allSatisfy(token -> assertThat(token).matches("[A-Za-z0-9_-]{43}"));
    }

    @Test
    void matchesOnlyItself() {
        var token = AccessToken.generate(new SecureRandom());

        assertThat(token.matches(token.reveal())).isTrue();
        assertThat(token.matches(token.reveal().substring(1))).isFalse();
        assertThat(token.matches(token.reveal() + "x")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void neverShowsItselfInToString() {
        var token = AccessToken.generate(new SecureRandom());

        assertThat(token.toString()).doesNotContain(token.reveal());
    }
}
