package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Payloads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The path-traversal kata's own payload files, thrown at the server's contents API: the server
 * passes the attack suite it teaches. Each payload goes out as the raw request path (the HTTP
 * layer decodes it once, as it would for a browser); the legitimate paths must still work.
 *
 * <p>The files are read from the repository ({@code katas/src/test/resources/path-traversal/})
 * rather than through the katas test-jar, which would also bring the katas' JUnit settings and
 * listeners (display names, the kata filter, the progress table) into the server's test run.
 * They are parsed by the contract's {@link Payloads}, as the suite's are.
 */
@WithTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathTraversalPayloadsTest {

    private static final Path PAYLOADS = Path.of(System.getProperty("rampart.repository", ".."),
            "katas", "src", "test", "resources", "path-traversal");

    final TestServer server;
    final Browser browser;
    Path secret;

    PathTraversalPayloadsTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    @BeforeAll
    void prepare() throws IOException {
        var sandbox = server.sandbox;
        // The kata's tree (see FileServerTest), with the workspace as the served folder.
        var root = server.workspace;
        secret = Files.writeString(sandbox.resolve("secret.txt"), "the secret");
        Files.createDirectories(sandbox.resolve("workspace-evil"));
        Files.writeString(sandbox.resolve("workspace-evil/secret.txt"), "the sibling's secret");
        Files.createDirectories(root.resolve("docs/guides"));
        for (var file : new String[] {"notes.txt", "docs/readme.txt", "docs/guides/set up.txt", "a b.txt", "v1..2.txt",
            "..draft.txt", "café.txt", "日本語.txt"}) {
            Files.writeString(root.resolve(file), "honest " + file);
        }
        Files.createSymbolicLink(root.resolve("current.txt"), Path.of("docs", "readme.txt"));
        Files.createSymbolicLink(root.resolve("latest.txt"), secret);
        Files.createSymbolicLink(root.resolve("manual"), Path.of("docs", "guides"));
    }

    Stream<Arguments> attacks() {
        return payloads(false).stream().map(line -> Arguments.of(line[0], line[1]));
    }

    Stream<Arguments> legitimate() {
        return payloads(true).stream().map(line -> Arguments.of(line[0], line[1], line.length > 2 ? line[2] : line[1]));
    }

    @ParameterizedTest(name = "{0}: {1} reaches nothing outside the workspace")
    @MethodSource("attacks")
    void attackPayloadsAreRefused(String family, String payload) {
        var raw = payload.replace("{root}", server.workspace.toString()).replace("{secret}", secret.toString());

        var path = "/api/contents/" + uriSafe(raw);
        if (!wellFormed(path)) {
            // A malformed %-escape: the JDK's client will not send it, a script will.
            var answer = RawHttp.send(server.port(), "GET " + path + " HTTP/1.1\r\nAuthorization: token "
                    + server.token.reveal(), new byte[0]);
            assertThat(answer.status()).as("%s answered %s", raw, answer.body()).isEqualTo(400);
            return;
        }
        var response = server.send(browser.request(path));

        assertThat(response.statusCode()).as("%s answered %s", raw, response.body()).isIn(400, 403, 404);
        assertThat(TestServer.json(response).has("path")).as("a file's model came back for %s", raw).isFalse();
    }

    private static boolean wellFormed(String path) {
        try {
            URI.create(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The kata's file server accepts a few honest-looking forms that this server refuses on
     * purpose: dot segments even when they stay inside, names with a leading dot (the same rule
     * keeps {@code .git}, {@code .env} and checkpoints out) and backslashes as separators.
     */
    private static boolean refusedByStricterPolicy(String payload) {
        var decoded = URLDecoder.decode(payload.replace("+", "%2B"), StandardCharsets.UTF_8);
        return decoded.contains("\\") || Stream.of(decoded.split("/")).anyMatch(segment -> segment.startsWith("."));
    }

    @ParameterizedTest(name = "{0}: {1} still opens {2}")
    @MethodSource("legitimate")
    void legitimatePathsStillWork(String family, String payload, String expected) {
        var response = server.send(browser.request("/api/contents/" + uriSafe(payload)));

        if (refusedByStricterPolicy(payload)) {
            assertThat(response.statusCode()).as("refused by the server's stricter rule").isEqualTo(403);
            return;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(response).get("path").asText()).isEqualTo(expected);
    }

    /** Lines of the attack (or legitimate) files, read as the kata's suite reads them: {family, field, field...}. */
    private List<String[]> payloads(boolean legitimate) {
        var lines = new ArrayList<String[]>();
        try (var files = Files.list(PAYLOADS)) {
            for (var file : (Iterable<Path>) files.sorted()::iterator) {
                var name = file.getFileName().toString();
                if (!name.endsWith(".txt") || name.startsWith("legitimate") != legitimate) {
                    continue;
                }
                for (var payload : Payloads.read(file).payloads()) {
                    var fields = new ArrayList<String>();
                    fields.add(name.replace(".txt", ""));
                    fields.addAll(List.of(payload.split("\t")));
                    lines.add(fields.toArray(String[]::new));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /** Percent-encodes what a URI cannot carry raw (a browser does the same), leaving existing escapes alone. */
    private static String uriSafe(String raw) {
        var out = new StringBuilder();
        for (var c : raw.toCharArray()) {
            if (c > 0x20 && c < 0x7f && "\\\"<>^`{|} ".indexOf(c) < 0) {
                out.append(c);
            } else {
                for (var b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return out.toString();
    }
}
