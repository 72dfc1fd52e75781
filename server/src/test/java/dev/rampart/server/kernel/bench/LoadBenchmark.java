package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.Measures.load;
import static dev.rampart.server.kernel.bench.Measures.ms;
import static dev.rampart.server.kernel.bench.Measures.peakRssKb;
import static dev.rampart.server.kernel.bench.Measures.pct;
import static dev.rampart.server.kernel.bench.Measures.repositoryRoot;
import static dev.rampart.server.kernel.bench.Measures.rssKb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A dojo on one real server (issue 9's load benchmark): the server as the README starts it in
 * dojo mode ({@code Main --dojo}, in a JVM of its own, real kernels), driven over loopback the
 * way the browser drives it. The facilitator signs in with the printed link and creates one
 * link per participant; each participant signs in with their own link (then the session
 * cookie, Origin and CSRF header; the contents, sessions and kata APIs; the kernel's WebSocket),
 * opens a lesson in their private copy of the katas (which starts a kernel bound to the
 * lesson's kata), runs its code cells, runs the attacks a few times, then closes the notebook
 * and shuts its kernel down. When every kernel is taken, the server puts the participant in
 * its queue and they ask again when it says (as the page does). Not a test: nothing fails on
 * its figures. See docs/benchmarks.md.
 *
 * <pre>
 * ./mvnw -q verify -pl server -am -DskipTests -Pbenchmark -Dbenchmark=load [-Dload.participants=3]
 * </pre>
 *
 * <p>Settings (system properties): {@code load.participants} (30), {@code load.cells} per
 * participant (20), {@code load.attackRuns} per participant (3), {@code load.lesson}
 * ({@code 06-path-traversal}), {@code load.minutes} (30: past it the
 * server is stopped and whoever has not finished counts as an error), {@code load.serverOptions}
 * (extra JVM options for the server, e.g. {@code -Xmx128m}).
 */
public final class LoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)(/dojo/board\\.html\\?token=[A-Za-z0-9_-]+)");
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final long RSS_GOAL_KB = 150 * 1024;

    private LoadBenchmark() {
    }

    /** What the room is asked to do. */
    record Plan(int participants, int cells, int attackRuns, String lesson, Duration limit, List<String> serverOptions) {

        static Plan fromProperties() {
            var options = System.getProperty("load.serverOptions", "").strip();
            return new Plan(Integer.getInteger("load.participants", 30), Integer.getInteger("load.cells", 20),
                    Integer.getInteger("load.attackRuns", 3), System.getProperty("load.lesson", "06-path-traversal"),
                    Duration.ofMinutes(Integer.getInteger("load.minutes", 30)),
                    options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
        }

        String lessonPath() {
            return "notebooks/" + lesson + ".ipynb";
        }
    }

    public static void main(String[] args) throws Exception {
        var plan = Plan.fromProperties();
        var root = repositoryRoot();
        var scratch = Files.createTempDirectory("rampart-load");
        System.out.printf(Locale.ROOT, "Rampart load benchmark: a dojo of %d participants × (%d cells + %d attack runs) of %s;"
                        + " Java %s, %d CPUs, load %s%n",
                plan.participants(), plan.cells(), plan.attackRuns(), plan.lesson(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), load());

        // The katas are the repository's; the server copies them into each participant's folder under the dojo's, never back.
        var server = Server.start(root.resolve("katas"), scratch.resolve("dojo"), scratch, plan.serverOptions());
        System.out.println("Server log: " + server.log + " (GC log beside it; deleted after a run without errors)");
        var links = server.participantLinks(plan.participants() + 1);
        var results = new CopyOnWriteArrayList<Participant>();
        var queue = new QueueTally();
        long began = System.nanoTime();
        try {
            var deadline = began + plan.limit().toNanos();
            // The baseline: one participant alone on the same server, the same work, just before the room.
            var alone = new Participant(0, links.get(0), server, plan, new QueueTally(), deadline);
            alone.run(new CountDownLatch(0));
            System.out.printf(Locale.ROOT, "Baseline done: one participant alone in %.0f s.%n", alone.elapsedNanos / 1e9);
            var gate = new CountDownLatch(1);
            var executor = Executors.newFixedThreadPool(plan.participants(), r -> {
                var thread = new Thread(r, "participant");
                thread.setDaemon(true);
                return thread;
            });
            var done = new ArrayList<CompletableFuture<Void>>();
            for (int i = 1; i <= plan.participants(); i++) {
                var participant = new Participant(i, links.get(i), server, plan, queue, deadline);
                results.add(participant);
                done.add(CompletableFuture.runAsync(() -> participant.run(gate), executor));
            }
            var loadBefore = load();
            began = System.nanoTime();
            gate.countDown(); // everyone starts together: a room that opens the lesson when told to
            try {
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                System.out.println("Time limit of " + plan.limit().toMinutes() + " min reached: stopping the server;"
                        + " participants still working count as errors.");
            }
            long elapsed = System.nanoTime() - began;
            var otherKernels = server.kernelPeaks(results.stream().flatMap(p -> p.kernelPids.stream()).toList());
            var serverPeak = peakRssKb(server.process.pid());
            server.stop();
            executor.shutdownNow();
            // Late participants fail fast once the server is gone; their figures are read only after they stop.
            executor.awaitTermination(2, TimeUnit.MINUTES);
            int errors = report(plan, results, alone, queue, server, otherKernels, serverPeak, elapsed, loadBefore);
            if (errors == 0) {
                deleteTree(scratch); // the copies and the logs; with errors they stay, for their story
            } else {
                System.out.println("\nThe server's log and GC log are kept in " + scratch);
            }
        } finally {
            server.stop();
        }
    }

    // ---- the report ---------------------------------------------------------------------------------

    private static int report(Plan plan, List<Participant> room, Participant alone, QueueTally queue, Server server,
                              List<Long> otherKernelsKb, long serverPeakKb, long elapsed, String loadBefore) throws IOException {
        var cells = collect(room, p -> p.cellTimes);
        var firstCells = collect(room, LoadBenchmark::firstCell);
        var laterCells = collect(room, LoadBenchmark::laterCells);
        var attacks = collect(room, p -> p.attackTimes);
        var opens = collect(room, p -> p.openTimes);
        var waits = collect(room, p -> p.waitTimes);
        var attackWaits = collect(room, p -> p.attackWaitTimes);
        var errors = new ArrayList<String>(alone.errors);
        for (var p : room) {
            errors.addAll(p.errors);
            if (!p.finished && p.errors.isEmpty()) {
                errors.add(p.who() + "did not finish before the time limit");
            }
        }
        var kernelPeaks = room.stream().flatMap(p -> p.kernelPeakKb.stream()).sorted().toList();
        var kernelEnds = room.stream().flatMap(p -> p.kernelEndKb.stream()).sorted().toList();
        var kernelAnon = room.stream().flatMap(p -> p.kernelEndAnonKb.stream()).sorted().toList();
        var kernelPss = room.stream().flatMap(p -> p.kernelEndPssKb.stream()).sorted().toList();
        var finished = room.stream().filter(p -> p.finished).count();
        var heap = server.heap();

        System.out.printf(Locale.ROOT, "%nFinished in %.0f s; load %s before the start, %s at the end.%n%n", elapsed / 1e9,
                loadBefore, load());
        System.out.println("| measure | the room | one participant alone (baseline, same run) | room / alone, p50 and p95 | goal | met? |");
        System.out.println("|---|---|---|---|---|---|");
        line("participants who finished", finished + " of " + room.size(), "all", finished == room.size() ? "yes" : "no");
        line("errors", String.valueOf(errors.size()), "0", errors.isEmpty() ? "yes" : "no");
        compared("cell time p50 / p95 / max (" + cells.size() + " cells)", cells, alone.cellTimes, "p95 ≤ 250 ms",
                pct(cells, 95) <= 250 ? "yes" : "no");
        compared("… first cell of a kernel (binds the kata: compiles it)", firstCells, firstCell(alone), "", "");
        compared("… later cells", laterCells, laterCells(alone), "", "");
        compared("run the attacks (" + attacks.size() + " runs)", attacks, alone.attackTimes, "", "");
        compared("… of which until the run started (the queue for an attack kernel, or its start)", attackWaits,
                alone.attackWaitTimes, "say how long", "");
        compared("open the notebook (POST /api/sessions → kernel)", opens, alone.openTimes, "", "");
        line("wait for a notebook's kernel (" + queue.waited + " of " + room.size() + " participants waited; the server gave "
                + queue.queued + " places in its queue and " + queue.refusals + " other 503s) p50 / p95 / max", three(waits),
                "say how long", queue.waited == 0 ? "no wait" : "see p95");
        line("notebook kernels open at once, most", String.valueOf(queue.most), "", "");
        line("RSS of a notebook kernel, peak (VmHWM) p50 / max (" + kernelPeaks.size() + " kernels)",
                mbOf(kernelPeaks, 50) + " / " + mbOf(kernelPeaks, 100), "≤ 150 MB",
                !kernelPeaks.isEmpty() && kernelPeaks.get(kernelPeaks.size() - 1) <= RSS_GOAL_KB ? "yes" : "no");
        line("… at the end of its participant's work (VmRSS) p50 / max", mbOf(kernelEnds, 50) + " / " + mbOf(kernelEnds, 100),
                "", "");
        line("… of which its own pages (RssAnon; the rest is mapped files shared with the other kernels) p50 / max",
                mbOf(kernelAnon, 50) + " / " + mbOf(kernelAnon, 100), "", "");
        line("… its proportional share (PSS: shared pages divided among the kernels) p50 / max",
                mbOf(kernelPss, 50) + " / " + mbOf(kernelPss, 100), "", "");
        var otherPeaks = otherKernelsKb.stream().sorted().toList();
        line("RSS of the other kernels still running at the end (attack kernels, the pool), peak p50 / max ("
                + otherPeaks.size() + " kernels)", mbOf(otherPeaks, 50) + " / " + mbOf(otherPeaks, 100), "", "");
        line("server heap: most in use before a GC / most live after a GC / committed (" + heap.collections + " GCs)",
                heap.describe(), "bounded", heap.collections > 0 ? "see the GC log" : "no GC ran");
        line("server RSS, peak", serverPeakKb / 1024 + " MB", "", "");
        if (!queue.reasons.isEmpty()) {
            System.out.println();
            System.out.println("Why the server said 503: " + String.join(" | ", queue.reasons));
        }
        if (!errors.isEmpty()) {
            System.out.println();
            System.out.println("Errors (first 20):");
            errors.stream().limit(20).forEach(e -> System.out.println("- " + e));
        }
        return errors.size();
    }

    private static void line(String what, String value, String goal, String met) {
        System.out.println("| " + what + " | " + value + " |  |  | " + goal + " | " + met + " |");
    }

    /** A measure of the room beside the same measure of the participant who worked alone, with their ratio. */
    private static void compared(String what, List<Long> room, List<Long> alone, String goal, String met) {
        var ratio = alone.isEmpty() || room.isEmpty() ? "n/a"
                : String.format(Locale.ROOT, "%.1f× / %.1f×", pct(room, 50) / Math.max(0.001, pct(alone, 50)),
                        pct(room, 95) / Math.max(0.001, pct(alone, 95)));
        System.out.println("| " + what + " | " + three(room) + " | " + three(alone) + " | " + ratio + " | " + goal + " | " + met + " |");
    }

    private static List<Long> firstCell(Participant p) {
        return p.cellTimes.isEmpty() ? List.of() : p.cellTimes.subList(0, 1);
    }

    private static List<Long> laterCells(Participant p) {
        return p.cellTimes.size() < 2 ? List.of() : p.cellTimes.subList(1, p.cellTimes.size());
    }

    private static List<Long> collect(List<Participant> room, java.util.function.Function<Participant, List<Long>> what) {
        return room.stream().flatMap(p -> what.apply(p).stream()).toList();
    }

    private static String three(List<Long> times) {
        return ms(times, 50) + " / " + ms(times, 95) + " / " + ms(times, 100);
    }

    private static String mbOf(List<Long> sortedKb, int percentile) {
        if (sortedKb.isEmpty()) {
            return "n/a";
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedKb.size()) - 1;
        return sortedKb.get(Math.max(0, Math.min(index, sortedKb.size() - 1))) / 1024 + " MB";
    }

    // ---- the server ---------------------------------------------------------------------------------

    /** {@code Main} in a JVM of its own, as the README starts it, with a GC log to read its heap from. */
    static final class Server {
        final Process process;
        final Path log;
        final Path gcLog;
        final URI origin;
        final String facilitatorLink;
        private volatile boolean stopped;

        private Server(Process process, Path log, Path gcLog, URI origin, String facilitatorLink) {
            this.process = process;
            this.log = log;
            this.gcLog = gcLog;
            this.origin = origin;
            this.facilitatorLink = facilitatorLink;
        }

        static Server start(Path katas, Path dojo, Path scratch, List<String> options) throws Exception {
            var log = scratch.resolve("server.log");
            var gcLog = scratch.resolve("server-gc.log");
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+DisableAttachMechanism", "-Xlog:gc:file=" + gcLog));
            command.addAll(options);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.rampart.server.Main",
                    "--port", "0", "--workspace", katas.toString(), "--dojo", dojo.toString()));
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
            return new Server(process, log, gcLog, URI.create("http://127.0.0.1:" + found.group(1)), found.group(2));
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

        Heap heap() throws IOException {
            var heap = new Heap();
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

    /** The server's heap as its GC log saw it, in MB. */
    static final class Heap {
        int collections;
        long before;
        long after;
        long committed;

        String describe() {
            return collections == 0 ? "n/a" : before + " MB / " + after + " MB / " + committed + " MB";
        }
    }

    // ---- waiting for kernels ---------------------------------------------------------------------------

    /**
     * What the room saw of the server's queue: who held a notebook's kernel at once, who had to
     * wait, and every 503 the server gave (a place in its queue, or another reason).
     */
    static final class QueueTally {
        private int holding;
        int most;
        int waited;
        int queued;
        int refusals;
        final java.util.Set<String> reasons = new java.util.TreeSet<>();

        synchronized void took(boolean afterWaiting) {
            holding++;
            most = Math.max(most, holding);
            if (afterWaiting) {
                waited++;
            }
        }

        synchronized void gaveBack() {
            holding--;
        }

        /** A 503: with a place in the queue (the dojo's visible queue), or refused for another reason. */
        synchronized void busy(JsonNode answer) {
            if (answer.has("queue")) {
                queued++;
            } else {
                refusals++;
                reasons.add(answer.path("message").asText(answer.toString()));
            }
        }
    }

    // ---- a participant ---------------------------------------------------------------------------------

    /** One browser: its own link and sign-in, its own copy of the katas, its kernels. */
    static final class Participant {
        final int number;
        final String link;
        final Server server;
        final Plan plan;
        final QueueTally queue;
        final long deadline;
        final List<Long> cellTimes = new ArrayList<>();
        final List<Long> attackTimes = new ArrayList<>();
        final List<Long> openTimes = new ArrayList<>();
        final List<Long> waitTimes = new ArrayList<>();
        final List<Long> attackWaitTimes = new ArrayList<>();
        final List<Long> kernelPids = new CopyOnWriteArrayList<>();
        final List<Long> kernelPeakKb = new ArrayList<>();
        final List<Long> kernelEndKb = new ArrayList<>();
        final List<Long> kernelEndAnonKb = new ArrayList<>();
        final List<Long> kernelEndPssKb = new ArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        volatile boolean finished;
        volatile long elapsedNanos;
        private Visitor browser;

        Participant(int number, String link, Server server, Plan plan, QueueTally queue, long deadline) {
            this.number = number;
            this.link = link;
            this.server = server;
            this.plan = plan;
            this.queue = queue;
            this.deadline = deadline;
        }

        void run(CountDownLatch gate) {
            try {
                gate.await();
                long start = System.nanoTime();
                browser = Visitor.signIn(server.origin, link);
                var lesson = plan.lessonPath(); // in the participant's own copy of the katas
                var notebook = get("/api/contents/" + lesson).path("content");
                var kata = notebook.path("metadata").path("rampart").path("kata").asText();
                var code = new ArrayList<String>();
                for (var cell : notebook.path("cells")) {
                    var meta = cell.path("metadata").path("rampart");
                    if (meta.has("file")) {
                        get("/api/katas/" + kata + "/files/" + meta.path("file").asText()); // the page shows the kata's file
                    } else if (cell.path("cell_type").asText().equals("code") && !meta.has("action")) {
                        code.add(text(cell.path("source")));
                    }
                }
                if (code.isEmpty()) {
                    throw new IllegalStateException(plan.lessonPath() + " has no code cells to run");
                }
                work(lesson, kata, code);
                elapsedNanos = System.nanoTime() - start;
                finished = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(who() + "stopped: the time limit ran out");
            } catch (Exception e) {
                errors.add(who() + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void work(String lesson, String kata, List<String> code) throws Exception {
            long queued = System.nanoTime();
            boolean waited = false;
            String sessionId = "";
            try {
                JsonNode session;
                while (true) {
                    long opening = System.nanoTime();
                    var response = send(request("/api/sessions").POST(body(JSON.createObjectNode().put("path", lesson)
                            .put("name", lesson.substring(lesson.lastIndexOf('/') + 1)).put("type", "notebook"))));
                    if (response.statusCode() == 503) {
                        waited = true;
                        askAgainLater(response);
                        continue;
                    }
                    session = json(response, 201);
                    openTimes.add(System.nanoTime() - opening);
                    waitTimes.add(opening - queued);
                    queue.took(waited);
                    break;
                }
                sessionId = session.path("id").asText();
                try (var socket = KernelSocket.open(this, session.at("/kernel/id").asText())) {
                    socket.call("kernel_info_request", JSON.createObjectNode(), "kernel_info_reply", deadline);
                    runCells(socket, kata, code);
                    // Not a lesson cell and not timed: asks the kernel which process it is, to read its memory.
                    socket.value("ProcessHandle.current().pid()", deadline).map(Long::parseLong).ifPresent(pid -> {
                        kernelPids.add(pid);
                        kernelPeakKb.add(peakRssKb(pid));
                        kernelEndKb.add(rssKb(pid));
                        kernelEndAnonKb.add(Measures.anonRssKb(pid));
                        kernelEndPssKb.add(Measures.pssKb(pid));
                    });
                }
            } finally {
                // "Close and shut down": the kernel goes, and its seat with it.
                try {
                    if (!sessionId.isEmpty()) {
                        var closed = send(request("/api/sessions/" + sessionId).DELETE());
                        if (closed.statusCode() != 204) {
                            errors.add(who() + "closing the notebook answered " + closed.statusCode() + ": " + closed.body());
                        }
                    }
                } finally {
                    if (!sessionId.isEmpty()) {
                        queue.gaveBack();
                    }
                }
            }
        }

        /** The lesson top to bottom, then its cells after the first again (the first sets the lesson up); the attack runs spread among them. */
        private void runCells(KernelSocket socket, String kata, List<String> code) throws Exception {
            int attacksDone = 0;
            for (int i = 0; i < plan.cells(); i++) {
                var source = i < code.size() ? code.get(i)
                        : code.get(code.size() == 1 ? 0 : 1 + (i - code.size()) % (code.size() - 1));
                long start = System.nanoTime();
                var outcome = socket.execute(source, deadline);
                cellTimes.add(System.nanoTime() - start);
                outcome.ifPresent(problem -> errors.add(who() + "cell failed: " + problem));
                // Run k (1-based) comes after cell ceil(k × cells / runs): evenly spread, the last after the last cell.
                while (attacksDone < plan.attackRuns()
                        && (long) (i + 1) * plan.attackRuns() >= (long) plan.cells() * (attacksDone + 1)) {
                    runAttacks(kata);
                    attacksDone++;
                }
            }
            for (; attacksDone < plan.attackRuns(); attacksDone++) {
                runAttacks(kata);
            }
        }

        private void runAttacks(String kata) throws Exception {
            long start = System.nanoTime();
            HttpResponse<Stream<String>> response;
            while (true) {
                response = browser.http.send(request("/api/katas/" + kata + "/attacks").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 503) {
                    break;
                }
                try (Stream<String> lines = response.body()) {
                    askAgainLater(response.headers(), parse(lines.reduce("", String::concat)));
                }
            }
            attackWaitTimes.add(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                errors.add(who() + "run the attacks answered " + response.statusCode() + ": "
                        + response.body().reduce("", String::concat));
                return;
            }
            Optional<JsonNode> end;
            try (Stream<String> lines = response.body()) {
                end = lines.filter(line -> !line.isBlank()).map(LoadBenchmark::parse)
                        .filter(event -> event.path("type").asText().matches("finished|aborted")).findFirst();
            }
            attackTimes.add(System.nanoTime() - start);
            if (end.isEmpty() || !end.get().path("type").asText().equals("finished")) {
                errors.add(who() + "the attack run did not finish: " + end.map(JsonNode::toString).orElse("the stream ended"));
            }
        }

        /**
         * Every kernel is taken (a place in the server's queue) or none could start: ask again
         * when the server says, as the page does ({@code Retry-After}, two seconds). This is
         * the protocol's own retry, not a wait for something to happen.
         */
        private void askAgainLater(HttpResponse<String> response) throws Exception {
            askAgainLater(response.headers(), parse(response.body()));
        }

        private void askAgainLater(java.net.http.HttpHeaders headers, JsonNode answer) throws Exception {
            queue.busy(answer);
            long pause = TimeUnit.SECONDS.toNanos(headers.firstValueAsLong("Retry-After").orElse(2));
            if (System.nanoTime() + pause > deadline) {
                throw new TimeoutException("still waiting for a kernel at the time limit: " + answer.path("message").asText());
            }
            TimeUnit.NANOSECONDS.sleep(pause);
        }

        HttpRequest.Builder request(String path) {
            return browser.request(path);
        }

        private JsonNode get(String path) throws Exception {
            return json(send(request(path).GET()), 200);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return browser.send(request);
        }

        private String who() {
            return "participant " + number + ": ";
        }
    }

    /** A signed-in browser: its cookies, and the Origin and CSRF header the page sends on every call. */
    static final class Visitor {
        final HttpClient http;
        final URI origin;
        final String cookies;
        private final String csrf;

        private Visitor(HttpClient http, URI origin, String cookies, String csrf) {
            this.http = http;
            this.origin = origin;
            this.cookies = cookies;
            this.csrf = csrf;
        }

        /** Opens a link that holds a token, as a browser does: the server answers with the session's cookies. */
        static Visitor signIn(URI origin, String link) throws Exception {
            var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            var response = http.send(HttpRequest.newBuilder(origin.resolve(link)).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 303) {
                throw new IllegalStateException("signing in answered " + response.statusCode());
            }
            var pairs = response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList();
            var csrf = pairs.stream().filter(c -> c.startsWith("rampart-csrf-")).map(c -> c.substring(c.indexOf('=') + 1))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no CSRF cookie after signing in"));
            return new Visitor(http, origin, String.join("; ", pairs), csrf);
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(origin.resolve(path)).timeout(Duration.ofMinutes(5))
                    .header("Cookie", cookies).header("Origin", origin.toString()).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "application/json");
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    // ---- the kernel's WebSocket ---------------------------------------------------------------------------

    /** The notebook's WebSocket: one request at a time, its messages picked out by parent id. */
    static final class KernelSocket implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static KernelSocket open(Participant participant, String kernelId) throws Exception {
            var listener = new KernelSocket();
            var uri = URI.create("ws://" + participant.server.origin.getAuthority() + "/api/kernels/" + kernelId + "/channels");
            listener.socket = participant.browser.http.newWebSocketBuilder().header("Origin", participant.server.origin.toString())
                    .header("Cookie", participant.browser.cookies).connectTimeout(Duration.ofMinutes(2))
                    .buildAsync(uri, listener).get(2, TimeUnit.MINUTES);
            return listener;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(parse(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            messages.add(JSON.createObjectNode().put("closed", statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            messages.add(JSON.createObjectNode().put("closed", String.valueOf(error)));
        }

        /** Runs a cell; empty when it ran cleanly, else what went wrong (an error output, a failed reply). */
        Optional<String> execute(String code, long deadline) throws Exception {
            var problems = new ArrayList<String>();
            var reply = call("execute_request", JSON.createObjectNode().put("code", code).put("silent", false)
                    .put("store_history", true).put("allow_stdin", false).put("stop_on_error", true), "execute_reply", deadline,
                    message -> {
                        if (message.path("header").path("msg_type").asText().equals("error")) {
                            problems.add(message.at("/content/ename").asText() + ": " + message.at("/content/evalue").asText());
                        }
                    });
            if (!reply.path("status").asText().equals("ok") && problems.isEmpty()) {
                problems.add("execute_reply " + reply.path("status").asText());
            }
            return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
        }

        /** An expression's plain-text value. */
        Optional<String> value(String code, long deadline) throws Exception {
            var value = new ArrayList<String>();
            call("execute_request", JSON.createObjectNode().put("code", code), "execute_reply", deadline, message -> {
                if (message.path("header").path("msg_type").asText().equals("execute_result")) {
                    value.add(message.at("/content/data/text~1plain").asText());
                }
            });
            return value.stream().findFirst();
        }

        JsonNode call(String type, JsonNode content, String replyType, long deadline) throws Exception {
            return call(type, content, replyType, deadline, message -> { });
        }

        private JsonNode call(String type, JsonNode content, String replyType, long deadline,
                              java.util.function.Consumer<JsonNode> output) throws Exception {
            var id = UUID.randomUUID().toString();
            var message = JSON.createObjectNode().put("channel", "shell");
            message.putObject("header").put("msg_id", id).put("msg_type", type).put("version", "5.3");
            message.putObject("parent_header");
            message.putObject("metadata");
            message.set("content", content);
            socket.sendText(message.toString(), true).get(1, TimeUnit.MINUTES);
            while (true) {
                var next = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new TimeoutException("no " + replyType + " before the time limit");
                }
                if (next.has("closed")) {
                    throw new IllegalStateException("the kernel's socket closed: " + next.path("closed").asText());
                }
                var msgType = next.path("header").path("msg_type").asText();
                var parent = next.path("parent_header").path("msg_id").asText("");
                if (parent.isEmpty() && msgType.equals("status")
                        && next.at("/content/execution_state").asText().matches("restarting|dead")) {
                    throw new IllegalStateException("the kernel died or restarted while " + type + " ran");
                }
                if (!parent.equals(id)) {
                    continue;
                }
                if (msgType.equals(replyType)) {
                    return next.path("content");
                }
                if (msgType.equals("protocol_error")) {
                    throw new IllegalStateException("protocol error: " + next.at("/content/message").asText());
                }
                output.accept(next);
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", text);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    private static HttpRequest.BodyPublisher body(JsonNode json) {
        return HttpRequest.BodyPublishers.ofString(json.toString());
    }

    private static String text(JsonNode source) {
        if (source.isArray()) {
            var joined = new StringBuilder();
            source.forEach(line -> joined.append(line.asText()));
            return joined.toString();
        }
        return source.asText();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
