package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Thousands of requests from a seeded generator: every route (the dojo's and the interview's
 * too, which this server does not have), every method, odd paths (traversal, malformed escapes,
 * names past the limits), headers (content types and charsets, origins, CSRF tokens, versions,
 * credentials right, wrong and garbled) and bodies (notebooks, broken JSON, forms, multipart,
 * bytes that are not UTF-8, a body over the size limit), signed in (cookie or header) and not.
 *
 * <p>Whatever comes, the server answers, never with a 5xx, never with a stack trace in the body,
 * and it logs what it refuses in one line each, never with a stack trace. A failure names the seed
 * and the requests: {@code -Drampart.fuzz.seed=N} replays the same run.
 */
// Alone: it captures System.err, where another class's servers would write too.
@Isolated
class RequestFuzzTest {

    private static final int REQUESTS = 3000;
    private static final Pattern STACK_FRAME = Pattern.compile(
            "[\\w$./]+\\.[\\w$<>]+\\((?:[\\w$]+\\.java:\\d+|Native Method|Unknown Source)\\)");

    @Test
    @DisplayName("3,000 generated requests: no 5xx, no stack trace in a body or the log")
    void noRequestMakesTheServerFail(@TempDir Path sandbox) throws IOException {
        long seed = Long.getLong("rampart.fuzz.seed", 20261207L);
        var captured = new ByteArrayOutputStream();
        var original = System.err;
        var failures = new ArrayList<String>();
        var statuses = new java.util.TreeMap<Integer, Integer>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (var server = new TestServer(sandbox)) {
            var generator = new RequestGenerator(new Random(seed), server);
            for (int i = 0; i < REQUESTS; i++) {
                // The last fifth also sends wrong credentials, which lock the client out (429) for the rest.
                var request = generator.next(i >= REQUESTS * 4 / 5);
                var answer = RawHttp.send(server.port(), request.head(), request.body());
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() >= 500 || answer.status() < 100) {
                    failures.add(answer.status() + " for " + request.describe() + " → " + cut(answer.body()));
                } else if (STACK_FRAME.matcher(answer.body()).find()) {
                    failures.add("a stack trace in the body for " + request.describe() + " → " + cut(answer.body()));
                }
                generator.heard(request, answer);
            }
        } finally {
            System.setErr(original);
        }
        var log = captured.toString(StandardCharsets.UTF_8);
        System.err.println("fuzz: seed " + seed + ", statuses " + statuses + ", " + log.lines().count() + " log lines");

        assertThat(failures).as("seed %d: requests the server failed (statuses %s)", seed, statuses).isEmpty();
        assertThat(log.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by:")).limit(20).toList())
                .as("seed %d: stack traces in the log:\n%s", seed, cut(log)).isEmpty();
        assertThat(statuses.keySet()).as("the run reached the routes, signed in and not").contains(200, 201, 400, 401, 403, 404);
    }

    private static String cut(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
