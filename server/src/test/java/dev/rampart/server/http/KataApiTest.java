package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The kata API: sources bound to the workspace files, reset with a checkpoint, the streamed attack run. */
@WithTestServer
class KataApiTest {

    final TestServer server;
    final Browser browser;

    KataApiTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    private Path greeter() {
        return server.workspace.resolve(TestServer.KATA_FOLDER).resolve("Greeter.java");
    }

    @Test
    void listsTheKatasWithTheirLessonAndSources() {
        var katas = TestServer.json(browser.get("/api/katas"));
        var kata = TestServer.json(browser.get("/api/katas/demo-kata"));

        assertThat(katas.findValuesAsText("id")).containsExactly("demo-kata");
        assertThat(kata.get("lesson").asText()).isEqualTo("notebooks/99-demo-kata.ipynb");
        assertThat(kata.get("files").toString()).isEqualTo("[\"Greeter.java\",\"Names.java\"]");
    }

    @Test
    void aFixSavedInTheBrowserIsTheFileOnDiskAndResetBringsTheStarterBack() throws IOException {
        var read = browser.get("/api/katas/demo-kata/files/Greeter.java");
        var version = TestServer.json(read).get("version").asText();
        var fixed = TestServer.json(read).get("content").asText().replace("\"Hello, \" + name", "\"Hello, \" + name.strip()");

        var saved = browser.put("/api/katas/demo-kata/files/Greeter.java", Json.object().put("content", fixed).toString(), version);

        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(Files.readString(greeter())).isEqualTo(fixed);

        var reset = browser.post("/api/katas/demo-kata/reset", "");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(Files.readString(greeter())).doesNotContain("strip()");
        assertThat(TestServer.json(reset).get("checkpoints")).hasSize(1);

        browser.post("/api/katas/demo-kata/checkpoints/checkpoint", "");
        assertThat(Files.readString(greeter())).isEqualTo(fixed);
    }

    @Test
    void resetLessonPutsTheReleasedLessonBackAndKeepsTheLearnersAsTheCheckpoint() throws IOException {
        var lesson = server.workspace.resolve("notebooks/99-demo-kata.ipynb");
        byte[] learners;
        try (var in = KataApiTest.class.getResourceAsStream("/notebooks/jupyter-written.ipynb")) {
            learners = in.readAllBytes(); // a lesson run by the learner: outputs and execution counts
        }
        Files.write(lesson, learners);
        var released = TestServer.RELEASE.lesson(TestServer.RELEASE.find("demo-kata").orElseThrow()).orElseThrow();

        var reset = browser.post("/api/katas/demo-kata/lesson/reset", "");

        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(Files.readAllBytes(lesson)).as("the lesson as released").isEqualTo(released);
        assertThat(TestServer.json(reset).get("path").asText()).isEqualTo("notebooks/99-demo-kata.ipynb");
        assertThat(TestServer.json(reset).get("checkpoints")).hasSize(1);
        assertThat(browser.get("/api/contents/notebooks/99-demo-kata.ipynb").headers().firstValue("ETag"))
                .contains("\"" + TestServer.json(reset).get("hash").asText() + "\"");

        var undo = browser.post("/api/contents/notebooks/99-demo-kata.ipynb/checkpoints/checkpoint", "");
        assertThat(undo.statusCode()).isEqualTo(204);
        assertThat(Files.readAllBytes(lesson)).as("the learner's version, outputs and all, back").isEqualTo(learners);
    }

    @Test
    void resetLessonRemakesADeletedLessonAndKnowsOnlyTheKatas() throws IOException {
        var lesson = server.workspace.resolve("notebooks/99-demo-kata.ipynb");
        Files.deleteIfExists(lesson);

        assertThat(browser.post("/api/katas/demo-kata/lesson/reset", "").statusCode()).isEqualTo(200);
        assertThat(lesson).exists();
        assertThat(browser.post("/api/katas/no-such-kata/lesson/reset", "").statusCode()).isEqualTo(404);
        assertThat(browser.post("/api/katas/..%2F..%2Fetc/lesson/reset", "").statusCode()).isIn(400, 404);
    }

    @Test
    void aStaleSourceSaveIsRefused() throws IOException {
        var read = browser.get("/api/katas/demo-kata/files/Names.java");
        Files.writeString(greeter().resolveSibling("Names.java"), "// changed in the IDE");

        var saved = browser.put("/api/katas/demo-kata/files/Names.java", "{\"content\":\"// browser\"}",
                TestServer.json(read).get("version").asText());

        assertThat(saved.statusCode()).isEqualTo(409);
        assertThat(Files.readString(greeter().resolveSibling("Names.java"))).isEqualTo("// changed in the IDE");
    }

    @Test
    void onlyTheKatasJavaSourcesAreReachable() {
        assertThat(browser.get("/api/katas/demo-kata/files/..%2F..%2F..%2F..%2F..%2F..%2Fpom.xml").statusCode()).isEqualTo(400);
        assertThat(browser.get("/api/katas/demo-kata/files/secrets.properties").statusCode()).isEqualTo(400);
        assertThat(browser.get("/api/katas/no-such-kata/files/Greeter.java").statusCode()).isEqualTo(404);
    }

    @Test
    void theAttackRunStreamsOneJsonEventPerLine() {
        var before = server.attacks.runs.size();
        var response = server.send(browser.request("/api/katas/demo-kata/attacks")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        var types = response.body().lines().map(line -> parse(line).get("type").asText()).collect(Collectors.toList());
        assertThat(types).containsExactly("started", "plan", "case", "case", "case", "finished");
        var lines = response.body().lines().toList();
        var plan = parse(lines.get(1));
        assertThat(plan.get("cases").asInt()).isEqualTo(3);
        assertThat(plan.get("exact").asBoolean()).isTrue();
        assertThat(plan.get("families").get(1).get("name").asText()).isEqualTo("a symlink leads out");
        assertThat(plan.get("families").get(2).get("kind").asText()).isEqualTo("honest");
        assertThat(parse(lines.get(3)).get("passed").asBoolean()).isFalse();
        assertThat(parse(lines.get(3)).get("family").asInt()).isEqualTo(1);
        assertThat(server.attacks.runs).hasSize(before + 1).last().isEqualTo("demo-kata");
    }

    @Test
    void eachEventOfTheRunReachesThePageWhenItHappensNotWhenTheRunEnds() throws Exception {
        var gate = new java.util.concurrent.CountDownLatch(1);
        server.attacks.gate = gate;
        try {
            var response = server.client.send(browser.request("/api/katas/demo-kata/attacks")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofLines());
            try (var lines = response.body()) {
                var events = lines.iterator();
                assertThat(parse(events.next()).get("type").asText()).isEqualTo("started");
                gate.countDown(); // the run goes on only now that the start has arrived
                events.forEachRemaining(line -> { });
            }
        } finally {
            server.attacks.gate = null;
            gate.countDown();
        }
        assertThat(server.attacks.gateOpenedInTime).as("the start arrived while the run was still going").isTrue();
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

}
