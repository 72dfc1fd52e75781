package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing the token: after five wrong tries the client is locked out, and the right token does not help while it is. */
class LoginRateLimitTest {

    @TempDir
    Path sandbox;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(sandbox);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int guess(String token) {
        return server.send(server.request("/api/contents").header("Authorization", "token " + token)).statusCode();
    }

    @Test
    @DisplayName("after five wrong tokens even the right one is refused with 429, until the lockout ends")
    void lockout() {
        for (var i = 0; i < 4; i++) {
            assertThat(guess("wrong-" + i)).isEqualTo(401);
        }
        assertThat(guess(server.token.reveal())).as("control: four wrong guesses do not lock out").isEqualTo(200);

        for (var i = 0; i < 5; i++) {
            guess("wrong-again-" + i);
        }
        var locked = server.send(server.request("/api/contents").header("Authorization", "token " + server.token.reveal()));

        assertThat(locked.statusCode()).as("guessing may not go on at full speed").isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).contains("30");
        assertThat(server.securityLog).anySatisfy(line -> assertThat(line).startsWith("security event=login-throttled"));

        server.clock.advance(Duration.ofSeconds(31));
        assertThat(guess(server.token.reveal())).isEqualTo(200);
    }

    @Test
    @DisplayName("the start-up URL and the login form share the same lockout")
    void everyDoorCounts() {
        for (var i = 0; i < 5; i++) {
            server.get("/?token=wrong" + i);
        }

        var response = server.get("/?token=" + server.token.reveal());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }
}
