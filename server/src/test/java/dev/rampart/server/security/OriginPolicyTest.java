package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    @Test
    void sameOriginAndNoOriginPass() {
        assertThat(OriginPolicy.allows(Optional.of("http://127.0.0.1:8888"), Optional.of("same-origin"), "127.0.0.1:8888")).isTrue();
        assertThat(OriginPolicy.allows(Optional.empty(), Optional.empty(), "127.0.0.1:8888")).isTrue();
    }

    @Test
    void anotherOriginOrSiteIsRefused() {
        assertThat(OriginPolicy.allows(Optional.of("http://evil.example"), Optional.empty(), "127.0.0.1:8888")).isFalse();
        assertThat(OriginPolicy.allows(Optional.of("http://127.0.0.1:9999"), Optional.empty(), "127.0.0.1:8888")).isFalse();
        assertThat(OriginPolicy.allows(Optional.of("null"), Optional.empty(), "127.0.0.1:8888")).isFalse();
        assertThat(OriginPolicy.allows(Optional.of("https://127.0.0.1:8888"), Optional.empty(), "127.0.0.1:8888")).isFalse();
        assertThat(OriginPolicy.allows(Optional.empty(), Optional.of("cross-site"), "127.0.0.1:8888")).isFalse();
        assertThat(OriginPolicy.allows(Optional.empty(), Optional.of("same-site"), "127.0.0.1:8888")).isFalse();
    }
}
