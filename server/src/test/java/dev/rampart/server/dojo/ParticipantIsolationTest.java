package dev.rampart.server.dojo;

import static dev.rampart.server.dojo.DojoFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Participants of one dojo against each other, over real HTTP and WebSocket: each attack on
 * another participant's work (a guessed or swapped id, their notebook's path, their kernel, its
 * socket, the facilitator's routes) is refused, each next to a control showing the same request
 * works on the attacker's own work, so the refusal is the rule's doing.
 */
class ParticipantIsolationTest {

    @TempDir
    Path sandbox;
    DojoFixture server;
    DojoFixture.Visitor ada;
    DojoFixture.Visitor grace;
    String adaLink;
    String graceLink;

    @BeforeEach
    void room() {
        server = new DojoFixture(sandbox, 8);
        var created = json(server.facilitator().post("/api/dojo/participants", "{\"names\": \"Ada\\nGrace\"}"));
        adaLink = created.path("participants").get(0).path("link").asText();
        graceLink = created.path("participants").get(1).path("link").asText();
        ada = server.open(adaLink);
        grace = server.open(graceLink);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void joiningCopiesTheKatasAndLessonsIntoAPrivateWorkspace() throws Exception {
        var listing = ada.get("/api/contents/notebooks");

        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(json(listing).path("content").findValuesAsText("name")).containsExactly("99-demo-kata.ipynb");
        var adaFolder = server.dojo.room().workspaceOf("p1");
        assertThat(adaFolder.resolve(DojoFixture.KATA_FOLDER).resolve("Greeter.java")).isRegularFile();
        var kata = DojoFixture.STARTERS.find(DojoFixture.KATA).orElseThrow();
        assertThat(Files.readAllBytes(adaFolder.resolve(DojoFixture.KATA_FOLDER).resolve("Greeter.java")))
                .as("the copy is the released starter").isEqualTo(DojoFixture.STARTERS.pristine(kata, "Greeter.java"));
        assertThat(Files.readAllBytes(adaFolder.resolve(kata.workspaceLesson())))
                .as("and the released lesson").isEqualTo(DojoFixture.STARTERS.lesson(kata).orElseThrow());
    }

    @Test
    void anotherParticipantsNotebookIsNotInMyWorkspaceWhateverThePath() throws Exception {
        var saved = ada.post("/api/contents/notebooks", "{}");
        assertThat(saved.statusCode()).as("control: Ada makes a notebook of her own").isEqualTo(201);
        var adasPath = json(saved).path("path").asText();
        var before = ada.get("/api/contents/" + adasPath);
        assertThat(before.statusCode()).as("control: Ada reads it").isEqualTo(200);

        assertThat(grace.get("/api/contents/" + adasPath).statusCode()).as("the same path in Grace's workspace").isEqualTo(404);
        for (var climb : new String[] {"../p1/" + adasPath, "..%2Fp1%2F" + adasPath, "%2e%2e/p1/" + adasPath,
                server.dojo.room().workspaceOf("p1").resolve(adasPath).toString()}) {
            var response = grace.get("/api/contents/" + climb);
            assertThat(response.statusCode()).as("Grace climbing to Ada's notebook by %s", climb).isIn(400, 403, 404);
            assertThat(response.body()).doesNotContain("\"cells\"");
        }
        var write = grace.put("/api/contents/../p1/" + adasPath, "{\"type\":\"notebook\",\"content\":{}}", null);
        assertThat(write.statusCode()).as("Grace writing over Ada's notebook").isIn(400, 403, 404);
        assertThat(json(ada.get("/api/contents/" + adasPath)).path("hash")).as("Ada's notebook is unchanged")
                .isEqualTo(json(before).path("hash"));
    }

    @Test
    void anotherParticipantsKataSourceCannotBeReadOrOverwritten() throws Exception {
        var adaFile = server.dojo.room().workspaceOf("p1").resolve(DojoFixture.KATA_FOLDER).resolve("Greeter.java");
        var mine = ada.get("/api/katas/demo-kata/files/Greeter.java");
        var version = json(mine).path("version").asText();
        assertThat(ada.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// Ada's fix\\n\"}", version).statusCode())
                .as("control: Ada saves her own kata").isEqualTo(200);

        var graces = grace.get("/api/katas/demo-kata/files/Greeter.java");
        assertThat(json(graces).path("content").asText()).as("Grace sees her own starter, not Ada's fix").doesNotStartWith("// Ada");
        assertThat(grace.put("/api/katas/demo-kata/files/Greeter.java", "{\"content\": \"// mine\\n\"}",
                json(graces).path("version").asText()).statusCode()).isEqualTo(200);
        assertThat(Files.readString(adaFile)).as("Grace's save landed in her own workspace only").isEqualTo("// Ada's fix\n");
    }

    @Test
    void anotherParticipantsKernelIsUnknownToMe() {
        var session = ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\", \"type\": \"notebook\"}");
        assertThat(session.statusCode()).isEqualTo(201);
        var kernel = json(session).path("kernel").path("id").asText();
        var sessionId = json(session).path("id").asText();
        assertThat(ada.get("/api/kernels/" + kernel).statusCode()).as("control: Ada sees her kernel").isEqualTo(200);

        assertThat(grace.get("/api/kernels/" + kernel).statusCode()).isEqualTo(404);
        assertThat(json(grace.get("/api/kernels")).size()).as("Grace's kernel list").isZero();
        assertThat(json(grace.get("/api/sessions")).size()).as("Grace's notebook sessions").isZero();
        assertThat(grace.get("/api/sessions/" + sessionId).statusCode()).isEqualTo(404);
        assertThat(grace.post("/api/kernels/" + kernel + "/interrupt", "").statusCode()).isEqualTo(404);
        assertThat(grace.post("/api/kernels/" + kernel + "/restart", "").statusCode()).isEqualTo(404);
        assertThat(grace.delete("/api/kernels/" + kernel).statusCode()).isEqualTo(404);
        assertThat(grace.delete("/api/sessions/" + sessionId).statusCode()).isEqualTo(404);
        assertThat(ada.get("/api/kernels/" + kernel).statusCode()).as("Ada's kernel lived through it").isEqualTo(200);
    }

    @Test
    void anotherParticipantsKernelSocketIsClosedAsUnknown() throws Exception {
        var kernel = json(ada.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\", \"type\": \"notebook\"}"))
                .path("kernel").path("id").asText();

        assertThat(closeCode(ada, kernel)).as("control: Ada's own socket stays open").isEmpty();
        assertThat(closeCode(grace, kernel)).as("Grace's socket to Ada's kernel").contains(4004);
        assertThat(closeCode(server.facilitator(), kernel)).as("the facilitator's socket to Ada's kernel").contains(4003);
    }

    @Test
    void aGuessedOrSwappedIdIsNoCredential() {
        for (var guess : new String[] {"p1", "p2", "facilitator", "learner", adaLink.substring(adaLink.indexOf('=') + 1, adaLink.length() - 1)}) {
            var viaUrl = server.get("/?token=" + guess);
            assertThat(viaUrl.statusCode()).as("the link ?token=%s (refused, or locked out after five wrong ones)", guess).isIn(303, 429);
            viaUrl.headers().firstValue("Location").ifPresent(to -> assertThat(to).isEqualTo("/login?failed"));
            assertThat(viaUrl.headers().allValues("Set-Cookie")).isEmpty();
            var viaHeader = server.send(server.request("/api/contents").header("Authorization", "token " + guess));
            assertThat(viaHeader.statusCode()).as("Authorization: token %s", guess).isIn(401, 429);
            var viaCookie = server.send(server.request("/api/contents").header("Cookie", "rampart-session-" + server.port() + "=" + guess));
            assertThat(viaCookie.statusCode()).as("a session cookie of %s", guess).isEqualTo(401);
        }
    }

    @Test
    void aParticipantsLinkNeverOpensTheFacilitatorsRoutes() {
        var token = adaLink.substring(adaLink.indexOf('=') + 1);
        var facilitator = server.facilitator();
        assertThat(facilitator.get("/api/dojo/board").statusCode()).as("control: the facilitator's board").isEqualTo(200);

        for (var path : new String[] {"/api/dojo/board", "/api/dojo/export.csv", "/api/dojo/export.json", "/dojo/board.html"}) {
            assertThat(ada.get(path).statusCode()).as("Ada's cookie on GET %s", path).isEqualTo(403);
            assertThat(server.send(server.request(path).header("Authorization", "token " + token)).statusCode())
                    .as("Ada's token on GET %s", path).isEqualTo(403);
        }
        for (var path : new String[] {"/api/dojo/participants", "/api/dojo/pause", "/api/dojo/end",
                "/api/dojo/participants/p2/katas/demo-kata/reset"}) {
            assertThat(ada.post(path, "{\"name\": \"Mallory\"}").statusCode()).as("Ada's POST %s", path).isEqualTo(403);
        }
        assertThat(server.dojo.room().participants()).hasSize(2);
        assertThat(server.dojo.room().state()).isEqualTo(RoomState.OPEN);
        assertThat(server.securityLog).anyMatch(line -> line.contains("role-refused"));
    }

    @Test
    void theFacilitatorHasNoWorkspaceToReachIntoEither() {
        var facilitator = server.facilitator();

        assertThat(facilitator.get("/api/contents/notebooks").statusCode()).isEqualTo(403);
        assertThat(facilitator.get("/api/katas/demo-kata/files/Greeter.java").statusCode()).isEqualTo(403);
        assertThat(facilitator.post("/api/sessions", "{\"path\": \"notebooks/99-demo-kata.ipynb\"}").statusCode()).isEqualTo(403);
    }

    /** Opens the kernel socket as {@code who}; the close code if the server closes it within two seconds. */
    private java.util.Optional<Integer> closeCode(DojoFixture.Visitor who, String kernel) throws Exception {
        var closed = new CompletableFuture<Integer>();
        var socket = server.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Origin", server.origin()).header("Cookie", who.cookieHeader())
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/kernels/" + kernel + "/channels"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).join();
        try {
            return java.util.Optional.of(closed.get(2, TimeUnit.SECONDS));
        } catch (java.util.concurrent.TimeoutException stillOpen) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            return java.util.Optional.empty();
        }
    }
}
