package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.LoadJson.JSON;
import static dev.rampart.server.kernel.bench.LoadJson.body;
import static dev.rampart.server.kernel.bench.LoadJson.json;
import static dev.rampart.server.kernel.bench.LoadJson.parse;
import static dev.rampart.server.kernel.bench.LoadJson.text;
import static dev.rampart.server.kernel.bench.Measures.peakRssKb;
import static dev.rampart.server.kernel.bench.Measures.rssKb;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** One browser: its own link and sign-in, its own copy of the katas, its kernels. */
final class LoadParticipant {
    final int number;
    final String link;
    final LoadServer server;
    final LoadPlan plan;
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
    Visitor browser;

    LoadParticipant(int number, String link, LoadServer server, LoadPlan plan, QueueTally queue, long deadline) {
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
            try (var socket = KernelSocketClient.open(this, session.at("/kernel/id").asText())) {
                socket.call("kernel_info_request", JSON.createObjectNode(), "kernel_info_reply", deadline);
                runCells(socket, kata, code);
                // Not a lesson cell and not timed: asks the kernel when its JVM started, to find that
                // process among the server's (in its sandbox a kernel has a pid of its own) and read its memory.
                socket.value("ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli()", deadline)
                        .map(Long::parseLong).flatMap(server::kernelStartedAt).ifPresent(pid -> {
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
    private void runCells(KernelSocketClient socket, String kata, List<String> code) throws Exception {
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
            end = lines.filter(line -> !line.isBlank()).map(LoadJson::parse)
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

    String who() {
        return "participant " + number + ": ";
    }
}
