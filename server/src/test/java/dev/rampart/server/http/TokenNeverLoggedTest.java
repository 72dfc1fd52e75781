package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Security events are logged, and no log line (security or other) holds the token or a guess at it. */
// Alone: it captures System.err, where another class's servers would write too.
@Isolated
class TokenNeverLoggedTest {

    @Test
    @DisplayName("signing in, failing and being locked out log events but never a token")
    void noTokenInAnyLog(@TempDir Path sandbox) {
        var captured = new ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String token;
        String guess = "guess-" + "x".repeat(37);
        TestServer server = null;
        try {
            server = new TestServer(sandbox);
            token = server.token.reveal();
            server.get("/?token=" + token);
            server.send(server.request("/api/contents").header("Authorization", "token " + token));
            for (var i = 0; i < 7; i++) {
                server.get("/?token=" + guess);
                server.send(server.request("/login").header("Origin", server.origin())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + guess)));
            }
        } finally {
            if (server != null) {
                server.close();
            }
            System.setErr(original);
        }
        var everything = String.join("\n", server.securityLog) + "\n" + captured.toString(StandardCharsets.UTF_8);

        assertThat(server.securityLog).extracting(line -> line.split(" ")[1])
                .contains("event=login", "event=login-failed", "event=login-throttled");
        assertThat(everything.indexOf(token)).as("the token was written to a log").isNegative();
        assertThat(everything.indexOf(guess)).as("a guessed token was written to a log").isNegative();
    }
}
