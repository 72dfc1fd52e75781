package dev.rampart.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.kata.support.TestClock;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookLimits;
import dev.rampart.server.notebook.NotebookSchema;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real app on a free port of 127.0.0.1, over a temporary workspace, with fake kernels and
 * attack runs. Speaks real HTTP through the JDK's client (no redirects followed, no cookie jar:
 * each test says exactly what it sends).
 */
final class TestServer implements AutoCloseable {

    /** The katas as released that this server knows: the demo kata and its lesson. */
    static final ReleasedKatas RELEASE = ReleasedKatas.fromClasspath("/release-fixture/");

    private static final NotebookSchema SCHEMA = NotebookSchema.load();
    static final String KATA_FOLDER = "src/main/java/dev/rampart/kata/demokata";

    /** The temporary folder holding the workspace, where tests put what must stay outside it. */
    final Path sandbox;
    final Path workspace;
    final AccessToken token = AccessToken.generate(new SecureRandom());
    final TestClock clock = TestClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final List<String> securityLog = new CopyOnWriteArrayList<>();
    final FakeKernels kernels = new FakeKernels();
    final FakeAttackRuns attacks = new FakeAttackRuns();
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final Javalin app;

    TestServer(Path sandbox) {
        this.sandbox = sandbox;
        try {
            workspace = Files.createDirectories(sandbox.resolve("workspace"));
            Files.createDirectories(workspace.resolve("notebooks"));
            try (var in = TestServer.class.getResourceAsStream("/notebooks/jupyter-written.ipynb")) {
                Files.write(workspace.resolve("notebooks/lesson.ipynb"), in.readAllBytes());
            }
            var starters = RELEASE;
            var kata = starters.find("demo-kata").orElseThrow();
            var folder = Files.createDirectories(workspace.resolve(KATA_FOLDER));
            for (var file : starters.files(kata)) {
                Files.write(folder.resolve(file), starters.pristine(kata, file));
            }
            var log = new SecurityLog(securityLog::add);
            var confinement = new Confinement(workspace);
            var authenticator = new Authenticator(token, new Sessions(new SecureRandom(), clock, Duration.ofHours(12), 64),
                    LoginThrottle.standard(clock), log);
            var settings = new ServerSettings(HostAllowlist.loopback(), 1L << 20, 64L << 10);
            app = new RampartApp(settings, authenticator, log,
                    new NotebookStore(confinement, SCHEMA, new NotebookLimits(512L << 10, 64L << 10)),
                    new KataSources(confinement, starters, 64L << 10), kernels, attacks).build().start("127.0.0.1", 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return app.port();
    }

    String origin() {
        return "http://127.0.0.1:" + port();
    }

    URI uri(String pathAndQuery) {
        return URI.create(origin() + pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery));
    }

    /** Opens the start-up URL like a browser and keeps the cookies it got. */
    Browser signIn() {
        var response = get("/?token=" + token.reveal());
        var cookies = response.headers().allValues("Set-Cookie");
        if (response.statusCode() != 303 || cookies.size() != 2) {
            throw new IllegalStateException("Signing in failed: " + response.statusCode() + " " + response.headers().map());
        }
        return new Browser(this, cookies);
    }

    static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
