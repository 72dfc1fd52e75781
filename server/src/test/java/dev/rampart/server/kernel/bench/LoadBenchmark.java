package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.Measures.load;
import static dev.rampart.server.kernel.bench.Measures.ms;
import static dev.rampart.server.kernel.bench.Measures.pct;
import static dev.rampart.server.kernel.bench.Measures.peakRssKb;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A dojo on one real server (the load benchmark): the server as the README starts it in
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

    private static final long RSS_GOAL_KB = 150 * 1024;

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var plan = LoadPlan.fromProperties();
        var scratch = Files.createTempDirectory("rampart-load");
        System.out.printf(Locale.ROOT, "Rampart load benchmark: a dojo of %d participants × (%d cells + %d attack runs) of %s;"
                        + " Java %s, %d CPUs, load %s%n",
                plan.participants(), plan.cells(), plan.attackRuns(), plan.lesson(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), load());

        // The server copies the katas as released (packaged at build time) into each participant's folder under the dojo's.
        var server = LoadServer.start(scratch.resolve("dojo"), scratch, plan.serverOptions());
        System.out.println("Server log: " + server.log + " (GC log beside it; deleted after a run without errors)");
        var links = server.participantLinks(plan.participants() + 1);
        var results = new CopyOnWriteArrayList<LoadParticipant>();
        var queue = new QueueTally();
        long began = System.nanoTime();
        try {
            var deadline = began + plan.limit().toNanos();
            // The baseline: one participant alone on the same server, the same work, just before the room.
            var alone = new LoadParticipant(0, links.get(0), server, plan, new QueueTally(), deadline);
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
                var participant = new LoadParticipant(i, links.get(i), server, plan, queue, deadline);
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

    private static int report(LoadPlan plan, List<LoadParticipant> room, LoadParticipant alone, QueueTally queue, LoadServer server,
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

    private static List<Long> firstCell(LoadParticipant p) {
        return p.cellTimes.isEmpty() ? List.of() : p.cellTimes.subList(0, 1);
    }

    private static List<Long> laterCells(LoadParticipant p) {
        return p.cellTimes.size() < 2 ? List.of() : p.cellTimes.subList(1, p.cellTimes.size());
    }

    private static List<Long> collect(List<LoadParticipant> room, java.util.function.Function<LoadParticipant, List<Long>> what) {
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

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
