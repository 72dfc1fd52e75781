package dev.rampart.server.dojo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.contract.Kata;
import dev.rampart.kata.support.TestClock;
import dev.rampart.server.DojoServer;
import dev.rampart.server.InterviewServer;
import dev.rampart.server.http.Json;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookLimits;
import dev.rampart.server.notebook.NotebookSchema;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import dev.rampart.server.workspace.Workspace;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A real dojo server on a free port over a temporary dojo folder, with stand-in kernels (a room
 * of {@code capacity}) and an attack run that reports every attack blocked once the kata's
 * {@code Greeter.java} differs from the starter, and none before. As the real one does, the
 * attack run takes a kernel of the room and keeps it between runs until it is released.
 * Speaks real HTTP.
 */
final class DojoFixture implements AutoCloseable {

    static final String KATA = "demo-kata";
    static final String KATA_FOLDER = "src/main/java/dev/rampart/kata/demokata";
    /** The katas as released that this server hands out: the demo kata and its lesson. */
    static final ReleasedKatas STARTERS = ReleasedKatas.fromClasspath("/release-fixture/");
    private static final NotebookSchema SCHEMA = NotebookSchema.load();

    final Path folder;
    final TestClock clock = TestClock.at(Instant.parse("2026-11-23T09:00:00Z"));
    final List<String> securityLog = new CopyOnWriteArrayList<>();
    final RoomKernels kernels;
    /** How long a slow stand-in run waits to be stopped before it goes on as if nobody had asked. */
    static final Duration SLOW_RUN = Duration.ofSeconds(20);
    /** How many runs in flight were stopped (an interview's limit stops them). */
    final java.util.concurrent.atomic.AtomicInteger runsStopped = new java.util.concurrent.atomic.AtomicInteger();
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final DojoServer dojo;
    final InterviewServer interview;
    final Javalin app;

    DojoFixture(Path sandbox, int capacity) {
        this(sandbox, capacity, capacity);
    }

    /** A room of {@code capacity} kernels, of which notebooks may hold {@code notebookSeats}. */
    DojoFixture(Path sandbox, int capacity, int notebookSeats) {
        this(sandbox, capacity, notebookSeats, STARTERS);
    }

    /** As above, handing out {@code release} (the real katas, say, for the board's width). */
    DojoFixture(Path sandbox, int capacity, int notebookSeats, ReleasedKatas release) {
        folder = sandbox.resolve("dojo");
        kernels = new RoomKernels(capacity);
        var settings = new ServerSettings(HostAllowlist.loopback(), 1L << 20, 64L << 10);
        dojo = DojoServer.create(settings, folder, this::workspace, notebookSeats, release, new SecurityLog(securityLog::add), clock,
                new SecureRandom());
        interview = null;
        app = dojo.app().build().start("127.0.0.1", 0);
    }

    /** An interview server on {@code kata} with a time box of {@code limit}, on this fixture's movable clock. */
    DojoFixture(Path sandbox, String kata, Duration limit) {
        folder = sandbox.resolve("interview");
        kernels = new RoomKernels(4);
        var settings = new ServerSettings(HostAllowlist.loopback(), 1L << 20, 64L << 10);
        dojo = null;
        interview = InterviewServer.create(settings, folder, kata, limit, this::workspace, STARTERS,
                new SecurityLog(securityLog::add), clock, new SecureRandom());
        app = interview.app().build().start("127.0.0.1", 0);
    }

    private Workspace workspace(String owner, Path workspace) {
        var confinement = new Confinement(workspace);
        var katas = new KataSources(confinement, STARTERS, 64L << 10);
        return new Workspace(new NotebookStore(confinement, SCHEMA, new NotebookLimits(512L << 10, 64L << 10)), katas,
                kernels.of(owner), new WarmAttackRuns(katas, kernels.of(owner + "/attacks")));
    }

    /**
     * The stand-in attack run: one kernel of the room, taken at the first run and kept until
     * released. A kata file holding {@code // slow} makes a run wait after its first case until it
     * is stopped (or, as a safety, {@link #SLOW_RUN} passes), as a long suite would.
     */
    private final class WarmAttackRuns implements AttackRuns {
        private final KataSources katas;
        private final dev.rampart.server.workspace.Kernels kernels;
        private String warm;
        private volatile java.util.concurrent.CountDownLatch stopRequest = new java.util.concurrent.CountDownLatch(0);

        WarmAttackRuns(KataSources katas, dev.rampart.server.workspace.Kernels kernels) {
            this.katas = katas;
            this.kernels = kernels;
        }

        @Override
        public synchronized void run(Kata kata, java.util.function.Consumer<AttackEvent> events) {
            if (warm == null) {
                warm = kernels.start("attacks").id();
            }
            var now = katas.read(kata.id(), "Greeter.java").content();
            var fixed = !Arrays.equals(now.getBytes(java.nio.charset.StandardCharsets.UTF_8), STARTERS.pristine(kata, "Greeter.java"));
            var request = new java.util.concurrent.CountDownLatch(1);
            stopRequest = request;
            events.accept(new AttackEvent.Started(kata.id()));
            for (var i = 1; i <= 3; i++) {
                events.accept(new AttackEvent.CaseFinished("attack " + i, true, fixed, fixed ? "" : "the attacker got in"));
                if (i == 1 && now.contains("// slow") && awaitStop(request)) {
                    events.accept(new AttackEvent.Aborted("The run was stopped"));
                    return;
                }
            }
            events.accept(new AttackEvent.CaseFinished("honest use", false, true, ""));
            events.accept(new AttackEvent.Finished(fixed ? 3 : 0, 3, 1, 1));
        }

        private boolean awaitStop(java.util.concurrent.CountDownLatch request) {
            try {
                return request.await(SLOW_RUN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }

        @Override
        public void stop() {
            if (stopRequest.getCount() > 0) {
                runsStopped.incrementAndGet();
            }
            stopRequest.countDown();
        }

        @Override
        public synchronized void release() {
            if (warm != null) {
                kernels.shutdown(warm);
                warm = null;
            }
        }
    }

    int port() {
        return app.port();
    }

    String origin() {
        return "http://127.0.0.1:" + port();
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(origin() + pathAndQuery)).timeout(Duration.ofSeconds(20));
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

    /** Opens a link (the facilitator's or a participant's) like a browser and keeps the cookies it got. */
    Visitor open(String link) {
        var response = get(link);
        var cookies = response.headers().allValues("Set-Cookie");
        if (response.statusCode() != 303 || cookies.size() < 2) {
            throw new IllegalStateException("Opening " + link.replaceAll("token=.*", "token=…") + " did not sign in: "
                    + response.statusCode());
        }
        return new Visitor(cookies);
    }

    Visitor facilitator() {
        return open(dojo.facilitatorPath());
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

    /** A signed-in browser on this server's own pages: its cookies, its Origin and the CSRF header. */
    final class Visitor {
        final Map<String, String> cookies;

        Visitor(List<String> setCookies) {
            cookies = setCookies.stream().map(c -> c.substring(0, c.indexOf(';')))
                    .collect(Collectors.toMap(c -> c.substring(0, c.indexOf('=')), c -> c.substring(c.indexOf('=') + 1)));
        }

        String cookieHeader() {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }

        HttpRequest.Builder request(String pathAndQuery) {
            return DojoFixture.this.request(pathAndQuery).header("Cookie", cookieHeader()).header("Origin", origin())
                    .header("X-CSRF-Token", cookies.get("rampart-csrf-" + port()));
        }

        HttpResponse<String> get(String path) {
            return send(request(path));
        }

        HttpResponse<String> post(String path, String json) {
            return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        HttpResponse<String> put(String path, String json, String version) {
            var request = request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
            if (version != null) {
                request.header("If-Match", "\"" + version + "\"");
            }
            return send(request);
        }

        HttpResponse<String> delete(String path) {
            return send(request(path).DELETE());
        }
    }
}
