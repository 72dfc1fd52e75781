package dev.rampart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real command in a child JVM: it prints a working URL, moves off a busy port or says why not, and stops on SIGTERM (Ctrl-C). */
class MainProcessTest {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/\\?token=([A-Za-z0-9_-]{43})");

    @TempDir
    Path workspace;
    final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process launch(String... args) throws IOException {
        return launch(List.of(), args);
    }

    /** The server, its command line preceded by {@code prefix} (a program that runs it). */
    private Process launch(List<String> prefix, String... args) throws IOException {
        var command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    /** Reads the child's output until the URL line; returns the output read so far. */
    private static List<String> readUntilUrl(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var lines = new ArrayList<String>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (URL.matcher(line).find()) {
                break;
            }
        }
        return lines;
    }

    private static java.util.regex.Matcher url(List<String> lines) {
        var matcher = URL.matcher(String.join("\n", lines));
        assertThat(matcher.find()).as("the server printed no URL: %s", lines).isTrue();
        return matcher;
    }

    @Test
    void printsAUrlWhoseTokenSignsInAndStopsCleanlyOnSigterm() throws Exception {
        // What a kill -9 in the middle of a save leaves: the hidden temporary file, never renamed.
        var leftover = java.nio.file.Files.createDirectories(workspace.resolve("notebooks"))
                .resolve(".lesson.ipynb." + java.util.UUID.randomUUID() + ".tmp");
        java.nio.file.Files.writeString(leftover, "{\"cells\": [");
        var mine = java.nio.file.Files.writeString(workspace.resolve(".keep.tmp"), "the learner's own");

        var process = launch("--port", "0", "--workspace", workspace.toString());
        var lines = readUntilUrl(process);

        assertThat(leftover).as("the temporary file of a save cut short is removed at start").doesNotExist();
        assertThat(mine).as("a hidden file that is no such leftover stays").exists();
        var url = url(lines);
        var port = Integer.parseInt(url.group(1));

        var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var response = client.send(HttpRequest.newBuilder(URI.create(url.group())).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().allValues("Set-Cookie")).hasSize(2);
        assertThat(String.join("\n", lines)).contains("started in");

        process.destroy();

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the server did not stop on SIGTERM").isTrue();
        assertThat(process.descendants().count()).isZero();
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            throw new AssertionError("port " + port + " still answers after the server stopped");
        } catch (ConnectException expected) {
            // The port was released.
        }
    }

    /**
     * A kernel is started through the API, so the server has child JVMs (in use and in the pool);
     * after Ctrl-C (SIGINT) or a normal stop (SIGTERM) every one of them must be gone. The pids are
     * taken while the server runs: once it exits, its orphans are no longer its descendants.
     */
    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no signals to send")
    void stoppingTheServerLeavesNoKernelBehind(String signal) throws Exception {
        if (signal.equals("INT")) {
            InheritedSignals.assertCtrlCReachesChildren();
        }
        var process = launch("--port", "0", "--workspace", workspace.toString());
        var url = url(readUntilUrl(process));
        var origin = "http://127.0.0.1:" + url.group(1);
        var client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var signIn = client.send(HttpRequest.newBuilder(URI.create(url.group())).build(), HttpResponse.BodyHandlers.ofString());
        var cookies = signIn.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList();
        var csrf = cookies.stream().filter(c -> c.startsWith("rampart-csrf-")).map(c -> c.substring(c.indexOf('=') + 1))
                .findFirst().orElseThrow();
        var kernel = client.send(HttpRequest.newBuilder(URI.create(origin + "/api/kernels")).timeout(Duration.ofSeconds(90))
                .header("Cookie", String.join("; ", cookies)).header("Origin", origin).header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
        var kernels = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
        assertThat(kernels).as("the server's kernel JVMs").isNotEmpty();

        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server stopped on SIG%s", signal).isTrue();
        for (var child : kernels) {
            child.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(timeout -> child).join();
            assertThat(child.isAlive()).as("kernel JVM %d is still running", child.pid()).isFalse();
        }
    }

    @Test
    void anExplicitBusyPortIsRefusedWithAClearMessage() throws Exception {
        try (var busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            var process = launch("--port", Integer.toString(busy.getLocalPort()), "--workspace", workspace.toString());

            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(output).contains("Port " + busy.getLocalPort() + " is in use").contains("--port");
        }
    }

    @Test
    void aBusyPortWithRetriesMovesToTheNextFreeOne() throws Exception {
        try (var busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            var process = launch("--port", Integer.toString(busy.getLocalPort()), "--port-retries", "5",
                    "--workspace", workspace.toString());
            var lines = readUntilUrl(process);

            assertThat(Integer.parseInt(url(lines).group(1))).isNotEqualTo(busy.getLocalPort());
            assertThat(lines).as("what the terminal shows").anySatisfy(line -> assertThat(line)
                    .matches("Port " + busy.getLocalPort() + " is busy; using \\d+ instead\\."));
            // Moving on is expected, not an error: no ERROR line (Javalin used to log "Failed to start Javalin").
            assertThat(lines).as("what the terminal shows").noneSatisfy(line -> assertThat(line).contains("ERROR"));
            process.destroy();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anExplicitIpIsWarnedAbout() throws Exception {
        var process = launch("--ip", "127.0.0.1", "--port", "0", "--workspace", workspace.toString());
        var lines = readUntilUrl(process);

        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("WARNING: listening on 127.0.0.1 (--ip)"));
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * A host that refuses user namespaces, for real: the server runs in a user namespace of its
     * own whose limit on further user namespaces is 0, so bubblewrap cannot make one.
     */
    private static final List<String> NO_USER_NAMESPACES = List.of("unshare", "--user", "--map-root-user", "sh", "-c",
            "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"", "no-user-namespaces");

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
    void withoutUserNamespacesTheServerSaysSoInOneLineAndStillServesOneLearner() throws Exception {
        var process = launch(NO_USER_NAMESPACES, "--port", "0", "--workspace", workspace.toString());
        var lines = readUntilUrl(process);

        assertThat(lines).as("the start-up output").filteredOn(line -> line.contains("sandbox")).singleElement()
                .satisfies(line -> assertThat(line).startsWith("WARNING: Kernels run WITHOUT a sandbox")
                        .contains("a cell can reach the server's process and files"));
        url(lines);
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
    void withoutUserNamespacesADojoNeedsTheFacilitatorToAcceptTheRisk(@TempDir Path dojo) throws Exception {
        var refused = launch(NO_USER_NAMESPACES, "--port", "0", "--dojo", dojo.resolve("room").toString());

        assertThat(refused.waitFor(120, TimeUnit.SECONDS)).isTrue();
        var output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("Refusing to start a dojo").contains("--accept-unsandboxed-kernels")
                .doesNotContain("token=");

        var accepted = launch(NO_USER_NAMESPACES, "--port", "0",
                "--dojo", dojo.resolve("room").toString(), "--accept-unsandboxed-kernels");
        var lines = readUntilBoardLink(accepted);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("WARNING: Kernels run WITHOUT a sandbox"));
        accepted.destroy();
        assertThat(accepted.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> readUntilBoardLink(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var lines = new ArrayList<String>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            if (line.contains("/dojo/board.html?token=")) {
                return lines;
            }
        }
        throw new AssertionError("the dojo printed no board link: " + lines);
    }
}
