package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowlistTest {

    private final HostAllowlist loopback = HostAllowlist.loopback();

    @ParameterizedTest(name = "Host: {0} is allowed")
    @ValueSource(strings = {"localhost", "localhost:8888", "127.0.0.1:8888", "[::1]:8888", "LOCALHOST:8888"})
    void loopbackNames(String host) {
        assertThat(loopback.allows(host)).isTrue();
    }

    @ParameterizedTest(name = "Host: {0} is refused (DNS rebinding)")
    @ValueSource(strings = {"evil.example", "evil.example:8888", "127.0.0.1.evil.example:8888", "localhost.evil.example",
        "localhost:8888@evil.example", "localhost evil", "", "127.0.0.2:8888", "0.0.0.0:8888", "[::1]evil", "localhost:88888888"})
    void otherNames(String host) {
        assertThat(loopback.allows(host)).isFalse();
    }

    @ParameterizedTest(name = "--ip {0} adds itself")
    @ValueSource(strings = {"192.168.1.20", "fe80::1"})
    void explicitAddress(String ip) {
        var list = loopback.with(ip);
        var header = ip.contains(":") ? "[" + ip + "]:8888" : ip + ":8888";

        assertThat(list.allows(header)).isTrue();
        assertThat(loopback.allows(header)).isFalse();
    }
}
