package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelSettings;
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
import dev.rampart.server.workspace.ChildKernels;
import dev.rampart.server.workspace.KernelAttackRuns;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as Main wires it, over real HTTP and WebSocket, with real kernels (child JVMs) and
 * a copy of the repository's catalogue and path-traversal kata as the workspace. The kernel
 * package tests the kernels in depth; these check that the API really reaches them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealKernelTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String KATA = "path-traversal";
    private static final String KATA_FOLDER = "src/main/java/dev/rampart/kata/pathtraversal";

    private final Path repository = Path.of(System.getProperty("rampart.repository", ".."));
    private final AccessToken token = AccessToken.generate(new SecureRandom());
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private dev.rampart.server.kernel.Kernels started;
    private ChildKernels kernels;
    private Javalin app;
    private String cookies;
    private String csrf;

    @BeforeAll
    void start(@TempDir Path workspace) throws Exception {
        Files.copy(repository.resolve("katas/README.md"), workspace.resolve("README.md"));
        Files.createDirectories(workspace.resolve(KATA_FOLDER));
        Files.copy(repository.resolve("katas").resolve(KATA_FOLDER).resolve("FileServer.java"),
                workspace.resolve(KATA_FOLDER).resolve("FileServer.java"));
        Files.createDirectories(workspace.resolve("notebooks"));

        var defaults = KernelSettings.defaults();
        started = dev.rampart.server.kernel.Kernels.start(defaults.with(new KernelSettings.Pool(1, 8, 8))
                .with(defaults.timeouts().withInterruptGrace(Duration.ofSeconds(5))));
        kernels = new ChildKernels(started, "learner", workspace);
        var attacks = new KernelAttackRuns(new KataRunner(started), "learner", workspace, Duration.ofMinutes(5));
        var confinement = new Confinement(workspace);
        var log = new SecurityLog(line -> { });
        var authenticator = new Authenticator(token, new Sessions(new SecureRandom(), Clock.systemUTC(), Duration.ofHours(1), 16),
                LoginThrottle.standard(Clock.systemUTC()), log);
        app = new RampartApp(ServerSettings.standard(HostAllowlist.loopback()), authenticator, log,
                new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard()),
                new KataSources(confinement, ReleasedKatas.bundled(), 1L << 20), kernels, attacks)
                .build().start("127.0.0.1", 0);
        signIn();
    }

    @AfterAll
    void stop() {
        app.stop();
        kernels.shutdownAll();
        started.close(); // and its pool: otherwise an idle kernel waits for the end of the run
    }

    @Test
    void aCellRunsInAKernelProcessAndStreamsItsOutputThenItsValue() throws Exception {
        var kernel = openSession("notebooks/scratch.ipynb");
        try (var socket = Socket.open(this, kernel)) {
            socket.send("m1", "execute_request", "{\"code\":\"System.out.println(\\\"hello from the kernel\\\");\\n"
                    + "ProcessHandle.current().pid()\"}");

            var messages = socket.untilIdle("m1");

            var types = messages.stream().map(m -> m.at("/header/msg_type").asText()).toList();
            assertThat(types.stream().distinct()).as("printed text may come in several chunks")
                    .containsExactly("status", "stream", "execute_result", "execute_reply");
            assertThat(types.get(0)).isEqualTo("status");
            assertThat(types.get(types.size() - 1)).isEqualTo("status");
            assertThat(messages.stream().filter(m -> m.at("/header/msg_type").asText().equals("stream"))
                    .map(m -> m.at("/content/text").asText()).collect(Collectors.joining()))
                    .isEqualTo("hello from the kernel\n");
            var pid = of(messages, "execute_result").at("/content/data/text~1plain").asText();
            assertThat(Long.parseLong(pid)).as("the cell ran in a child JVM, not in the server")
                    .isNotEqualTo(ProcessHandle.current().pid());
            assertThat(of(messages, "execute_reply").at("/content/status").asText()).isEqualTo("ok");
        }
    }

    @Test
    void anInterruptedBusyLoopEndsAndTheNextCellRuns() throws Exception {
        var kernel = openSession("notebooks/spin.ipynb");
        try (var socket = Socket.open(this, kernel)) {
            socket.send("loop", "execute_request", "{\"code\":\"System.out.println(\\\"spinning\\\");\\nwhile (true) { }\"}");
            socket.await(m -> m.at("/header/msg_type").asText().equals("stream"));

            socket.send("stop", "interrupt_request", "{}");
            var loop = socket.untilIdle("loop");
            socket.send("next", "execute_request", "{\"code\":\"20 + 22\"}");
            var next = socket.untilIdle("next");

            assertThat(loop).anySatisfy(m -> {
                assertThat(m.at("/header/msg_type").asText()).isEqualTo("error");
                assertThat(m.at("/content/ename").asText()).isEqualTo("Interrupted");
            });
            assertThat(next).anySatisfy(m -> assertThat(m.at("/content/data/text~1plain").asText()).isEqualTo("42"));
        }
    }

    @Test
    void aLessonsKernelSeesItsKatasClasses() throws Exception {
        var kernel = openSession("notebooks/06-path-traversal.ipynb");
        try (var socket = Socket.open(this, kernel)) {
            socket.send("k1", "execute_request", "{\"code\":\"dev.rampart.kata.pathtraversal.FileServer.class.getSimpleName()\"}");

            assertThat(socket.untilIdle("k1"))
                    .anySatisfy(m -> assertThat(m.at("/content/data/text~1plain").asText()).isEqualTo("\"FileServer\""));
        }
    }

    @Test
    void theAttacksRunCaseByCaseAgainstTheLearnersCurrentFile() throws Exception {
        var starter = attackRun();
        assertThat(starter.get(0).get("type").asText()).isEqualTo("started");
        assertThat(starter).filteredOn(e -> e.get("type").asText().equals("running")).isNotEmpty();
        var cases = starter.stream().filter(e -> e.get("type").asText().equals("case")).toList();
        assertThat(cases).filteredOn(e -> e.get("kind").asText().equals("attack"))
                .as("on the starter the attacks get through, each saying what the attacker got").isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.get("passed").asBoolean()).isFalse();
                    assertThat(e.get("message").asText()).isNotBlank();
                });
        assertThat(starter.get(starter.size() - 1).get("type").asText()).isEqualTo("finished");

        saveTheSolution();
        var fixed = attackRun();

        var last = fixed.get(fixed.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("finished");
        assertThat(last.get("attacksBlocked").asInt()).as("the saved fix is what the next run tests")
                .isEqualTo(last.get("attacks").asInt()).isPositive();
        assertThat(last.get("honestPassed").asInt()).isEqualTo(last.get("honest").asInt());
    }

    @Test
    @DisplayName("without the token no kernel starts, no socket opens and no attack runs")
    void nothingAnswersWithoutTheToken() throws Exception {
        var kernel = openSession("notebooks/guarded.ipynb");
        var before = started.kernels().size();

        var session = send(HttpRequest.newBuilder(uri("/api/sessions")).header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"notebooks/other.ipynb\",\"type\":\"notebook\"}")));
        var attacks = send(HttpRequest.newBuilder(uri("/api/katas/" + KATA + "/attacks")).header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.noBody()));
        var socket = client.newWebSocketBuilder().header("Origin", origin())
                .buildAsync(URI.create("ws://127.0.0.1:" + app.port() + "/api/kernels/" + kernel + "/channels"),
                        new WebSocket.Listener() { });

        assertThat(session.statusCode()).isEqualTo(401);
        assertThat(attacks.statusCode()).isEqualTo(401);
        assertThatThrownBy(socket::join).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
        assertThat(started.kernels()).as("kernel sessions").hasSize(before);
    }

    private static JsonNode of(List<JsonNode> messages, String type) {
        return messages.stream().filter(m -> m.at("/header/msg_type").asText().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + messages));
    }

    // ---- HTTP --------------------------------------------------------------------------------

    private String origin() {
        return "http://127.0.0.1:" + app.port();
    }

    private URI uri(String path) {
        return URI.create(origin() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder signedIn(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Cookie", cookies).header("Origin", origin())
                .header(Authenticator.CSRF_HEADER, csrf);
    }

    private void signIn() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/?token=" + token.reveal())));
        var jar = response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList();
        assertThat(jar).as("signed in").hasSize(2);
        cookies = String.join("; ", jar);
        csrf = jar.stream().filter(c -> c.startsWith("rampart-csrf-")).map(c -> c.substring(c.indexOf('=') + 1))
                .findFirst().orElseThrow();
    }

    private String openSession(String notebook) throws Exception {
        var response = send(signedIn("/api/sessions")
                .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"" + notebook + "\",\"type\":\"notebook\"}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Json.MAPPER.readTree(response.body()).at("/kernel/id").asText();
    }

    private List<JsonNode> attackRun() throws Exception {
        var response = send(signedIn("/api/katas/" + KATA + "/attacks").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/x-ndjson");
        var events = new ArrayList<JsonNode>();
        for (var line : response.body().split("\n")) {
            events.add(Json.MAPPER.readTree(line));
        }
        return events;
    }

    private void saveTheSolution() throws Exception {
        var path = "/api/katas/" + KATA + "/files/FileServer.java";
        var current = send(signedIn(path).GET());
        var solution = Files.readString(repository.resolve("solutions").resolve(KATA_FOLDER).resolve("FileServer.java"));
        var body = Json.object().put("content", solution).toString();
        var saved = send(signedIn(path).header("If-Match", current.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    /** A kernel WebSocket that collects whole messages and lets the test wait for them. */
    private static final class Socket implements WebSocket.Listener, AutoCloseable {
        private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Socket open(RealKernelTest test, String kernel) {
            var listener = new Socket();
            listener.socket = test.client.newWebSocketBuilder().header("Origin", test.origin()).header("Cookie", test.cookies)
                    .buildAsync(URI.create("ws://127.0.0.1:" + test.app.port() + "/api/kernels/" + kernel + "/channels"),
                            listener).join();
            return listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    inbox.add(Json.MAPPER.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String id, String type, String content) {
            socket.sendText("{\"channel\":\"shell\",\"header\":{\"msg_id\":\"" + id + "\",\"msg_type\":\"" + type
                    + "\"},\"parent_header\":{},\"content\":" + content + "}", true).join();
        }

        /** Waits for a message matching {@code test}, skipping others. */
        JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                var message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(message).as("the kernel socket went quiet for %s s", WAIT.toSeconds()).isNotNull();
                if (test.test(message)) {
                    return message;
                }
            }
        }

        /** The messages of request {@code id} until its {@code status: idle}, in order. */
        List<JsonNode> untilIdle(String id) throws InterruptedException {
            var messages = new ArrayList<JsonNode>();
            while (true) {
                var message = await(m -> m.at("/parent_header/msg_id").asText().equals(id));
                messages.add(message);
                if (message.at("/header/msg_type").asText().equals("status")
                        && message.at("/content/execution_state").asText().equals("idle")) {
                    return messages;
                }
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        @Override
        public String toString() {
            return inbox.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
        }
    }
}
