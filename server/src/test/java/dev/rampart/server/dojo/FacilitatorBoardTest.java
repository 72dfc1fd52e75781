package dev.rampart.server.dojo;

import static dev.rampart.server.dojo.DojoFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facilitator's board over real HTTP: participants, live results, exports, pause and end, restarts, the queue. */
class FacilitatorBoardTest {

    @TempDir
    Path sandbox;

    @Test
    void anAttackRunShowsOnTheBoardAndInBothExportsWithoutAnyLink() throws Exception {
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            var ada = server.open(json(facilitator.post("/api/dojo/participants", "{\"name\": \"Ada\"}"))
                    .path("participants").get(0).path("link").asText());
            var token = json(facilitator.get("/api/dojo/board")).path("links").path("p1").asText();

            assertThat(ada.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(200);
            var before = json(facilitator.get("/api/dojo/board")).path("participants").get(0).path("results").path("demo-kata");
            assertThat(before.path("attacksBlocked").asInt()).isZero();
            assertThat(before.path("solved").asBoolean()).isFalse();

            var file = json(ada.get("/api/katas/demo-kata/files/Greeter.java"));
            ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", file.path("version").asText());
            ada.post("/api/katas/demo-kata/attacks", "");
            var after = json(facilitator.get("/api/dojo/board")).path("participants").get(0).path("results").path("demo-kata");
            assertThat(after.path("attacksBlocked").asInt()).isEqualTo(3);
            assertThat(after.path("runs").asInt()).isEqualTo(2);
            assertThat(after.path("solved").asBoolean()).isTrue();

            var csv = facilitator.get("/api/dojo/export.csv");
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
            var records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body())).getRecords();
            assertThat(records).hasSize(1);
            assertThat(records.get(0).get("name")).isEqualTo("Ada");
            assertThat(records.get(0).get("attacks_blocked")).isEqualTo("3");
            var exported = facilitator.get("/api/dojo/export.json");
            assertThat(json(exported).path("participants").get(0).path("results").path("demo-kata").path("attacksBlocked").asInt()).isEqualTo(3);
            var secret = token.substring(token.indexOf('=') + 1);
            assertThat(csv.body()).as("the CSV export leaves the facilitator's machine: no link in it").doesNotContain(secret);
            assertThat(exported.body()).as("nor in the JSON export").doesNotContain(secret);
        }
    }

    @Test
    void aNameThatLooksLikeAFormulaIsExportedAsText() throws Exception {
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            facilitator.post("/api/dojo/participants", "{\"name\": \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"}");

            var records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(facilitator.get("/api/dojo/export.csv").body())).getRecords();

            assertThat(records.get(0).get("name")).as("a spreadsheet would run it as a formula").startsWith("'=");
        }
    }

    @Test
    void badInputGetsAClearRefusalAndAddsNobody() {
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            facilitator.post("/api/dojo/participants", "{\"name\": \"Ada\"}");

            for (var body : new String[] {"{\"name\": \"\"}", "{\"name\": \"Ada\"}", "{\"name\": \"a\\u0000b\"}",
                    "{\"name\": \"" + "x".repeat(61) + "\"}", "{\"names\": \"Bob\\nbob\"}", "not json", "[1]"}) {
                var response = facilitator.post("/api/dojo/participants", body);
                assertThat(response.statusCode()).as("adding %s", body).isEqualTo(400);
                assertThat(json(response).path("message").asText()).isNotBlank();
            }
            assertThat(facilitator.post("/api/dojo/participants/p9/katas/demo-kata/reset", "").statusCode()).isEqualTo(404);
            assertThat(facilitator.post("/api/dojo/participants/p1/katas/no-such-kata/reset", "").statusCode()).isEqualTo(404);
            assertThat(facilitator.post("/api/dojo/participants/p1/katas/demo-kata/reset", "").statusCode())
                    .as("Ada has not joined yet").isEqualTo(409);
            assertThat(server.dojo.room().participants()).extracting(Participant::name).containsExactly("Ada");
        }
    }

    @Test
    void theFacilitatorResetsOneParticipantsKataAndTheBoardForgetsIt() throws Exception {
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            var ada = server.open(json(facilitator.post("/api/dojo/participants", "{\"name\": \"Ada\"}"))
                    .path("participants").get(0).path("link").asText());
            var file = json(ada.get("/api/katas/demo-kata/files/Greeter.java"));
            var starter = file.path("content").asText();
            ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", file.path("version").asText());
            ada.post("/api/katas/demo-kata/attacks", "");

            assertThat(facilitator.post("/api/dojo/participants/p1/katas/demo-kata/reset", "").statusCode()).isEqualTo(200);

            assertThat(json(ada.get("/api/katas/demo-kata/files/Greeter.java")).path("content").asText()).isEqualTo(starter);
            assertThat(json(facilitator.get("/api/dojo/board")).path("participants").get(0).path("results").size()).isZero();
        }
    }

    @Test
    void pauseHoldsChangesEndFreezesTheWorkForGood() throws Exception {
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            var ada = server.open(json(facilitator.post("/api/dojo/participants", "{\"name\": \"Ada\"}"))
                    .path("participants").get(0).path("link").asText());
            var kernel = json(ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}")).path("kernel").path("id").asText();
            var version = json(ada.get("/api/katas/demo-kata/files/Greeter.java")).path("version").asText();

            assertThat(facilitator.post("/api/dojo/pause", "").statusCode()).isEqualTo(200);
            var paused = ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", version);
            assertThat(paused.statusCode()).isEqualTo(423);
            assertThat(json(paused).path("message").asText()).contains("paused");
            assertThat(ada.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(423);
            assertThat(ada.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).as("reading goes on").isEqualTo(200);

            facilitator.post("/api/dojo/resume", "");
            assertThat(ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", version).statusCode()).isEqualTo(200);

            assertThat(facilitator.post("/api/dojo/end", "").statusCode()).isEqualTo(200);
            assertThat(ada.post("/api/contents/notebooks", "{}").statusCode()).isEqualTo(423);
            assertThat(ada.get("/api/kernels/" + kernel).statusCode()).as("the kernels were stopped").isEqualTo(404);
            assertThat(ada.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).as("the work stays readable").isEqualTo(200);
            assertThat(facilitator.post("/api/dojo/resume", "").statusCode()).as("an ended session stays ended").isEqualTo(409);
            assertThat(facilitator.post("/api/dojo/participants/p1/katas/demo-kata/reset", "").statusCode()).isEqualTo(423);
        }
    }

    @Test
    void participantsLinksAndResultsSurviveARestart() throws Exception {
        String link;
        try (var server = new DojoFixture(sandbox, 8)) {
            var facilitator = server.facilitator();
            link = json(facilitator.post("/api/dojo/participants", "{\"names\": \"Ada\\nGrace\"}")).path("participants").get(0).path("link").asText();
            var ada = server.open(link);
            var file = json(ada.get("/api/katas/demo-kata/files/Greeter.java"));
            ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// fixed\\n\"}", file.path("version").asText());
            ada.post("/api/katas/demo-kata/attacks", "");
        }

        try (var again = new DojoFixture(sandbox, 8)) {
            var board = json(again.facilitator().get("/api/dojo/board"));
            assertThat(board.path("participants").findValuesAsText("name")).containsExactly("Ada", "Grace");
            assertThat(board.path("participants").get(0).path("results").path("demo-kata").path("solved").asBoolean()).isTrue();
            var ada = again.open(link);
            assertThat(json(ada.get("/api/katas/demo-kata/files/Greeter.java")).path("content").asText())
                    .as("Ada's work is where she left it").isEqualTo("// fixed\n");
        }
    }

    @Test
    void whenEveryKernelIsTakenTheNextParticipantWaitsInLine() {
        try (var server = new DojoFixture(sandbox, 1)) {
            var room = AdaAndGrace.signIn(server);
            var facilitator = room.facilitator();
            var ada = room.ada();
            var grace = room.grace();
            var adas = json(ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}"));

            var waiting = grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}");
            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(json(waiting).path("queue").asInt()).isEqualTo(1);
            assertThat(waiting.headers().firstValue("Retry-After")).contains("2");
            assertThat(json(facilitator.get("/api/dojo/board")).path("queue").get(0).asText()).isEqualTo("p2");

            ada.delete("/api/sessions/" + adas.path("id").asText());
            assertThat(grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode())
                    .as("Grace's turn once Ada's kernel is free").isEqualTo(201);
            assertThat(json(facilitator.get("/api/dojo/board")).path("queue").size()).isZero();
        }
    }

    @Test
    void anAttackRunWaitsInLineLikeANotebookDoes() {
        try (var server = new DojoFixture(sandbox, 1)) {
            var room = AdaAndGrace.signIn(server);
            var facilitator = room.facilitator();
            var ada = room.ada();
            var grace = room.grace();
            var adas = json(ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}"));

            var waiting = grace.post("/api/katas/demo-kata/attacks", "");
            assertThat(waiting.statusCode()).isEqualTo(503);
            assertThat(json(waiting).path("queue").asInt()).isEqualTo(1);
            assertThat(waiting.headers().firstValue("Retry-After")).contains("2");

            ada.delete("/api/sessions/" + adas.path("id").asText());
            var run = grace.post("/api/katas/demo-kata/attacks", "");
            assertThat(run.statusCode()).as("Grace's run once Ada's kernel is free").isEqualTo(200);
            assertThat(run.body().lines().map(line -> json(line).path("type").asText())).contains("started", "finished");
            assertThat(json(facilitator.get("/api/dojo/board")).path("queue").size()).isZero();
        }
    }

    @Test
    void aWarmAttackKernelIsGivenBackAsSoonAsSomeoneWaits() {
        try (var server = new DojoFixture(sandbox, 1)) {
            var room = AdaAndGrace.signIn(server);
            var facilitator = room.facilitator();
            var ada = room.ada();
            var grace = room.grace();
            assertThat(ada.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(200);
            assertThat(server.kernels.ownerOf).as("Ada's attack kernel, kept warm").hasSize(1);

            assertThat(grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode()).isEqualTo(503);
            assertThat(server.kernels.ownerOf).as("given back while Grace waits").isEmpty();
            assertThat(grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode())
                    .as("Grace's next try").isEqualTo(201);
        }
    }

    @Test
    void endingTheSessionStopsTheAttackKernelsToo() {
        try (var server = new DojoFixture(sandbox, 4)) {
            var facilitator = server.facilitator();
            var links = json(facilitator.post("/api/dojo/participants", "{\"names\": \"Ada\"}")).path("participants");
            var ada = server.open(links.get(0).path("link").asText());
            ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}");
            assertThat(ada.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(200);
            assertThat(server.kernels.ownerOf).hasSize(2);

            assertThat(facilitator.post("/api/dojo/end", "{}").statusCode()).isEqualTo(200);
            assertThat(server.kernels.ownerOf).as("the notebook's kernel and the attack kernel").isEmpty();
        }
    }

    @Test
    void kernelsKeptForAttackRunsLetAFullRoomStillRunItsAttacks() {
        try (var server = new DojoFixture(sandbox, 2, 1)) {
            var room = AdaAndGrace.signIn(server);
            var facilitator = room.facilitator();
            var ada = room.ada();
            var grace = room.grace();
            assertThat(ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode()).isEqualTo(201);

            var waiting = grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}");
            assertThat(waiting.statusCode()).as("the only notebook seat is Ada's").isEqualTo(503);
            assertThat(json(waiting).path("queue").asInt()).isEqualTo(1);

            assertThat(ada.post("/api/katas/demo-kata/attacks", "").statusCode())
                    .as("Ada's run, on the kernel kept for attacks, not behind Grace in the notebooks' line").isEqualTo(200);
            assertThat(json(facilitator.get("/api/dojo/board")).path("queue").get(0).asText()).isEqualTo("p2");
        }
    }

    @Test
    void aRemovedParticipantsLinkAndSessionStopWorkingTheirKernelsStopAndTheirWorkIsKept() {
        try (var server = new DojoFixture(sandbox, 4)) {
            var room = AdaAndGrace.signIn(server);
            var facilitator = room.facilitator();
            var ada = room.ada();
            var grace = room.grace();
            ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}");
            grace.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}");
            assertThat(grace.post("/api/katas/demo-kata/attacks", "").statusCode()).isEqualTo(200);
            assertThat(grace.delete("/api/dojo/participants/p1").statusCode()).as("a participant removing another").isEqualTo(403);

            var removed = facilitator.delete("/api/dojo/participants/p2");

            assertThat(removed.statusCode()).isEqualTo(200);
            assertThat(grace.get("/api/contents/notebooks").statusCode()).as("Grace's session").isEqualTo(401);
            var again = server.get(room.graceLink());
            assertThat(again.headers().firstValue("Location")).as("Grace's link").contains("/login?failed");
            assertThat(again.headers().allValues("Set-Cookie")).as("no session for Grace's link").isEmpty();
            assertThat(server.kernels.ownerOf.values()).as("only Ada's kernel is left").containsExactly("p1");
            assertThat(json(facilitator.get("/api/dojo/board")).path("participants").findValuesAsText("name")).containsExactly("Ada");
            assertThat(server.folder.resolve("participants/p2/notebooks/99-demo-kata.ipynb")).as("Grace's work is kept").exists();
            assertThat(ada.get("/api/contents/notebooks").statusCode()).as("control: Ada works on").isEqualTo(200);
            assertThat(facilitator.delete("/api/dojo/participants/p2").statusCode()).isEqualTo(404);
        }
    }

    /** The facilitator, and Ada and Grace signed in with the links the facilitator made for them. */
    private record AdaAndGrace(DojoFixture.Visitor facilitator, DojoFixture.Visitor ada, DojoFixture.Visitor grace, String graceLink) {

        static AdaAndGrace signIn(DojoFixture server) {
            var facilitator = server.facilitator();
            var links = json(facilitator.post("/api/dojo/participants", "{\"names\": \"Ada\\nGrace\"}")).path("participants");
            var graceLink = links.get(1).path("link").asText();
            return new AdaAndGrace(facilitator, server.open(links.get(0).path("link").asText()), server.open(graceLink), graceLink);
        }
    }
}
