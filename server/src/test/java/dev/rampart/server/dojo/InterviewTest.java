package dev.rampart.server.dojo;

import static dev.rampart.server.dojo.DojoFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interview over real HTTP, on a clock the test moves: the one-time candidate link, the
 * interviewer's separate rights, the time box, the freeze, and the report.
 */
class InterviewTest {

    @TempDir
    Path sandbox;

    @Test
    void theCandidateLinkWorksOnceAndOnlyThatBrowserKeepsTheWork() {
        try (var server = new DojoFixture(sandbox, DojoFixture.KATA, Duration.ofMinutes(30))) {
            var link = server.interview.candidateLink();
            var candidate = server.open(link);
            assertThat(candidate.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).isEqualTo(200);

            var again = server.get(link);
            assertThat(again.headers().firstValue("Location")).as("the link opened a second time").contains("/login?failed");
            assertThat(again.headers().allValues("Set-Cookie")).isEmpty();
            var token = link.substring(link.indexOf('=') + 1);
            assertThat(server.send(server.request("/api/contents").header("Authorization", "token " + token)).statusCode())
                    .as("the used link as a header").isEqualTo(401);
            assertThat(candidate.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).as("the first browser goes on").isEqualTo(200);
        }
    }

    @Test
    void theCandidateNeverGetsTheReportAndTheInterviewerNeverGetsTheWorkspace() {
        try (var server = new DojoFixture(sandbox, DojoFixture.KATA, Duration.ofMinutes(30))) {
            var candidate = server.open(server.interview.candidateLink());
            var interviewer = server.open(server.interview.interviewerPath());
            assertThat(interviewer.get("/api/interview/report").statusCode()).as("control").isEqualTo(200);

            for (var path : new String[] {"/api/interview/report", "/api/interview/report.json", "/interview/report.html"}) {
                assertThat(candidate.get(path).statusCode()).as("the candidate on %s", path).isEqualTo(403);
            }
            assertThat(candidate.post("/api/interview/end", "").statusCode()).isEqualTo(403);
            assertThat(interviewer.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).isEqualTo(403);
            assertThat(interviewer.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void atTheLimitTheWorkFreezesTheKernelsStopAndTheReportHasTheTimelineAndTheDiff() throws Exception {
        try (var server = new DojoFixture(sandbox, DojoFixture.KATA, Duration.ofMinutes(30))) {
            var interviewer = server.open(server.interview.interviewerPath());
            assertThat(json(interviewer.get("/api/interview/status")).path("started").asBoolean()).as("not before the candidate comes").isFalse();
            var candidate = server.open(server.interview.candidateLink());
            var kernel = json(candidate.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}")).path("kernel").path("id").asText();

            server.clock.advance(Duration.ofMinutes(5));
            candidate.post("/api/katas/demo-kata/attacks", "");
            server.clock.advance(Duration.ofMinutes(7));
            var file = json(candidate.get("/api/katas/demo-kata/files/Greeter.java"));
            assertThat(candidate.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", file.path("version").asText())
                    .statusCode()).isEqualTo(200);
            candidate.post("/api/katas/demo-kata/attacks", "");
            assertThat(json(candidate.get("/api/interview/status")).path("secondsLeft").asLong()).isEqualTo(18 * 60);

            server.clock.advance(Duration.ofMinutes(18));
            var status = json(candidate.get("/api/interview/status"));
            assertThat(status.path("frozen").asBoolean()).isTrue();
            assertThat(status.path("secondsLeft").asLong()).isZero();
            var late = candidate.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// later\\n\"}", null);
            assertThat(late.statusCode()).isEqualTo(423);
            assertThat(candidate.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(423);
            assertThat(candidate.post("/api/katas/demo-kata/lesson/reset", "").statusCode()).isEqualTo(423);
            assertThat(candidate.get("/api/kernels/" + kernel).statusCode()).as("the kernels were stopped").isEqualTo(404);
            assertThat(server.kernels.ownerOf).as("the attack kernel too").isEmpty();
            assertThat(candidate.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).as("the work stays readable").isEqualTo(200);

            var report = json(interviewer.get("/api/interview/report"));
            assertThat(report.path("usedSeconds").asLong()).isEqualTo(30 * 60);
            assertThat(report.path("runs")).hasSize(2);
            assertThat(report.path("runs").get(0).path("offsetSeconds").asLong()).isEqualTo(5 * 60);
            assertThat(report.path("runs").get(0).path("attacksBlocked").asInt()).isZero();
            assertThat(report.path("runs").get(1).path("cases")).hasSize(4);
            assertThat(report.path("attacks")).hasSize(3).allSatisfy(attack -> {
                assertThat(attack.path("offsetSeconds").asLong()).as("each attack first blocked 12 minutes in").isEqualTo(12 * 60);
                assertThat(attack.path("blockedAtEnd").asBoolean()).isTrue();
            });
            var diff = report.path("diff").asText().lines().toList();
            assertThat(diff).contains("--- starter/Greeter.java", "+++ final/Greeter.java", "+// fixed");
            assertThat(diff).as("only the changed file").noneMatch(line -> line.contains("Names.java"));
            assertThat(interviewer.get("/api/interview/report.json").headers().firstValue("Content-Disposition"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("attachment"));
        }
    }

    @Test
    void aRunInFlightAtTheLimitIsStoppedThereAndTheReportKeepsOnlyWhatHappenedInsideTheBox() throws Exception {
        try (var server = new DojoFixture(sandbox, DojoFixture.KATA, Duration.ofMinutes(2))) {
            var candidate = server.open(server.interview.candidateLink());
            var interviewer = server.open(server.interview.interviewerPath());
            var file = json(candidate.get("/api/katas/demo-kata/files/Greeter.java"));
            assertThat(candidate.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// slow fix\\n\"}",
                    file.path("version").asText()).statusCode()).isEqualTo(200);
            server.clock.advance(Duration.ofSeconds(90));

            var run = server.client.send(candidate.request("/api/katas/demo-kata/attacks").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(run.statusCode()).isEqualTo(200);
            var lines = run.body().iterator();
            assertThat(json(lines.next()).path("type").asText()).isEqualTo("started");
            assertThat(json(lines.next()).path("name").asText()).as("the run is in flight").isEqualTo("attack 1");

            server.clock.advance(Duration.ofSeconds(112)); // 3:22 in, past the two minutes
            assertThat(json(interviewer.get("/api/interview/status")).path("frozen").asBoolean()).isTrue();
            var rest = new ArrayList<String>();
            lines.forEachRemaining(rest::add);

            assertThat(rest).as("what the page hears after the limit").hasSize(1);
            assertThat(json(rest.get(0)).path("type").asText()).isEqualTo("aborted");
            assertThat(json(rest.get(0)).path("reason").asText()).isEqualTo("Time is up: the run was stopped at the limit");
            assertThat(server.runsStopped).as("the run was stopped, not left to finish").hasValue(1);
            var report = json(interviewer.get("/api/interview/report"));
            assertThat(report.path("usedSeconds").asLong()).isEqualTo(120);
            assertThat(report.path("runs")).hasSize(1);
            var kept = report.path("runs").get(0);
            assertThat(kept.path("offsetSeconds").asLong()).as("kept at the limit, not when it would have ended").isEqualTo(120);
            assertThat(kept.path("aborted").asText()).isEqualTo("Time is up: the run was stopped at the limit");
            assertThat(kept.path("cases").findValuesAsText("name")).as("only the cases inside the box").containsExactly("attack 1");
            assertThat(kept.path("attacksBlocked").asInt()).isEqualTo(1);
            assertThat(report.path("attacks").findValuesAsText("name")).containsExactly("attack 1");
            assertThat(report.path("attacks").get(0).path("offsetSeconds").asLong()).isLessThanOrEqualTo(120);
            assertThat(server.kernels.ownerOf).as("the attack kernel was given back once the run stopped").isEmpty();
        }
    }

    @Test
    void everyCellRunIsInTheReportAndAfterTheLimitTheSocketRunsNothing() throws Exception {
        try (var server = new DojoFixture(sandbox, DojoFixture.KATA, Duration.ofMinutes(30))) {
            var candidate = server.open(server.interview.candidateLink());
            var interviewer = server.open(server.interview.interviewerPath());
            var kernel = json(candidate.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}")).path("kernel").path("id").asText();
            var replies = new java.util.concurrent.LinkedBlockingQueue<String>();
            var socket = server.client.newWebSocketBuilder().header("Origin", server.origin()).header("Cookie", candidate.cookieHeader())
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/api/kernels/" + kernel + "/channels"),
                            new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                                    replies.add(data.toString());
                                    ws.request(1);
                                    return null;
                                }
                            }).join();

            server.clock.advance(Duration.ofMinutes(3));
            socket.sendText(execute("c1", "var name = \\\"Robert'); DROP TABLE users;--\\\";"), true).join();
            // A socket's messages are handled in order: the info reply means the cell was taken before the clock moves on.
            socket.sendText("{\"channel\":\"shell\",\"header\":{\"msg_id\":\"i1\",\"msg_type\":\"kernel_info_request\"},"
                    + "\"parent_header\":{},\"content\":{}}", true).join();
            var answered = new ArrayList<String>();
            while (!answered.contains("kernel_info_reply")) {
                var next = replies.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(next).as("the socket's answers so far: %s", answered).isNotNull();
                answered.add(parse(next).path("header").path("msg_type").asText());
            }
            assertThat(answered).as("the cell ran before the info was answered").contains("execute_reply");
            server.clock.advance(Duration.ofMinutes(40));
            socket.sendText(execute("c2", "System.exit(0);"), true).join();
            var refused = replies.poll(10, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(refused).as("the socket's answer to a cell after the limit").isNotNull();
            var reply = parse(refused);
            assertThat(reply.path("header").path("msg_type").asText()).isEqualTo("protocol_error");
            assertThat(reply.path("content").path("message").asText()).startsWith("Time is up");
            var cells = json(interviewer.get("/api/interview/report")).path("cells");
            assertThat(cells).hasSize(1);
            assertThat(cells.get(0).path("offsetSeconds").asLong()).isEqualTo(180);
            assertThat(cells.get(0).path("code").asText()).isEqualTo("var name = \"Robert'); DROP TABLE users;--\";");
        }
    }

    private static String execute(String id, String code) {
        return "{\"channel\":\"shell\",\"header\":{\"msg_id\":\"" + id + "\",\"msg_type\":\"execute_request\"},"
                + "\"parent_header\":{},\"content\":{\"code\":\"" + code + "\"}}";
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String text) throws Exception {
        return dev.rampart.server.http.Json.MAPPER.readTree(text);
    }
}
