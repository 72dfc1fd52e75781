package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.LoadJson.JSON;
import static dev.rampart.server.kernel.bench.LoadJson.body;
import static dev.rampart.server.kernel.bench.LoadJson.json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code Main} in a JVM of its own, as the README starts it, with a GC log to read its heap from. */
final class LoadServer {

    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/dojo/board\\.html\\?token=[A-Za-z0-9_-]+)");
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    final Process process;
    final Path log;
    final Path gcLog;
    final URI origin;
    final String facilitatorLink;
    private volatile boolean stopped;

    private LoadServer(Process process, Path log, Path gcLog, URI origin, String facilitatorLink) {
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
        this.origin = origin;
        this.facilitatorLink = facilitatorLink;
    }

    static LoadServer start(Path dojo, Path scratch, List<String> options) throws Exception {
        var log = scratch.resolve("server.log");
        var gcLog = scratch.resolve("server-gc.log");
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+DisableAttachMechanism", "-Xlog:gc:file=" + gcLog));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.rampart.server.Main",
                "--port", "0", "--dojo", dojo.toString()));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Copies the server's output to its log, and hands over the URL line when it comes.
        var url = new CompletableFuture<Matcher>();
        var copier = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    var matcher = URL.matcher(line);
                    if (!url.isDone() && matcher.find()) {
                        url.complete(matcher);
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("The server exited before printing its URL: see " + log));
        }, "server-log");
        copier.setDaemon(true);
        copier.start();
        var found = url.get(3, TimeUnit.MINUTES);
        return new LoadServer(process, log, gcLog, URI.create("http://127.0.0.1:" + found.group(1)), found.group(2));
    }

    /** The facilitator signs in with the printed link and creates one participant link per name, as the board does. */
    List<String> participantLinks(int count) throws Exception {
        var facilitator = Visitor.signIn(origin, facilitatorLink);
        var names = JSON.createObjectNode().put("names", String.join("\n",
                java.util.stream.IntStream.rangeClosed(1, count).mapToObj(i -> "Participant " + i).toList()));
        var created = json(facilitator.send(facilitator.request("/api/dojo/participants").POST(body(names))), 201);
        var links = new ArrayList<String>();
        created.path("participants").forEach(participant -> links.add(participant.path("link").asText()));
        return links;
    }

    /**
     * The pid, as this machine sees it, of the server's kernel JVM started at {@code epochMilli}
     * (a kernel in a sandbox knows only the pid it has there; both see the same start time).
     */
    Optional<Long> kernelStartedAt(long epochMilli) {
        return process.descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> p.info().startInstant().map(start -> start.toEpochMilli() == epochMilli).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    /** Peak RSS of the server's kernels that no participant owned (the attack kernel, the pool). */
    List<Long> kernelPeaks(List<Long> notebookPids) {
        return process.descendants().map(ProcessHandle::pid).filter(pid -> !notebookPids.contains(pid))
                .map(Measures::peakRssKb).filter(kb -> kb > 0).toList();
    }

    /** Stops the server as Ctrl-C would, and checks it left no kernel behind. */
    void stop() throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        var kernels = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (var kernel : kernels) {
            kernel.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(late -> kernel).join();
            if (kernel.isAlive()) {
                System.out.println("WARNING: kernel " + kernel.pid() + " outlived the server; killing it");
                kernel.destroyForcibly();
            }
        }
    }

    ServerHeap heap() throws IOException {
        var heap = new ServerHeap();
        if (!Files.exists(gcLog)) {
            return heap;
        }
        for (var line : Files.readAllLines(gcLog)) {
            var m = GC.matcher(line);
            if (m.find()) {
                heap.collections++;
                heap.before = Math.max(heap.before, Long.parseLong(m.group(1)));
                heap.after = Math.max(heap.after, Long.parseLong(m.group(2)));
                heap.committed = Math.max(heap.committed, Long.parseLong(m.group(3)));
            }
        }
        return heap;
    }
}
