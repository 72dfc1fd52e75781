package dev.rampart.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class SecurityLogTest {

    @Test
    void aCraftedPathCannotForgeAnotherLogLine() {
        var lines = new ArrayList<String>();
        new SecurityLog(lines::add).event("host-refused", "127.0.0.1", "GET", "/x\nsecurity event=login-ok", "evil\r\n");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n", "\r");
    }
}
