package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Requests a browser would never send, each of which once made the server answer 500 and log a
 * stack trace (so any page on the web could fill the log through the learner's browser). Each now
 * gets a 4xx with the generic body, and nothing is written.
 */
@WithTestServer
class MalformedRequestTest {

    final TestServer server;
    final Browser browser;

    MalformedRequestTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        var body = TestServer.json(response);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("correlationId").asText()).matches("[0-9a-f-]{36}");
    }

    private static void assertRefused(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        var body = TestServer.json(answer.body());
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.get("correlationId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    @DisplayName("a malformed %-escape in a path is a bad request, signed in or not")
    void badPercentEscape() {
        var signedIn = "\r\nAuthorization: token " + server.token.reveal();
        for (var path : new String[] {"/api/contents/%uff0e.ipynb", "/api/contents/notebooks/%zz", "/api/katas/%",
                "/notebook.html?path=%u2e", "/login?x=%"}) {
            assertRefused(RawHttp.send(server.port(), "GET " + path + " HTTP/1.1", new byte[0]), 400);
            assertRefused(RawHttp.send(server.port(), "GET " + path + " HTTP/1.1" + signedIn, new byte[0]), 400);
        }
    }

    @Test
    @DisplayName("a login form in a charset the server does not know is refused, not a crash")
    void unknownCharset() {
        var response = server.send(server.request("/login").header("Origin", server.origin())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-7")
                .POST(HttpRequest.BodyPublishers.ofString("token=+AGEAYgBj-")));

        assertRefused(response, 415);
    }

    @Test
    @DisplayName("a login as multipart with a garbage body is refused, not a crash")
    void garbageMultipart() {
        var response = server.send(server.request("/login").header("Origin", server.origin())
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("\u0000\u0001garbage--x--\r\n--x\r\nnot a part")));

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
    }

    @Test
    @DisplayName("a notebook name past the limit (200 bytes) is refused before it reaches the disk")
    void nameTooLong() throws Exception {
        var model = "{\"type\":\"notebook\",\"content\":" + new String(getClass().getResourceAsStream(
                "/notebooks/jupyter-written.ipynb").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) + "}";
        var before = listing();

        assertRefused(browser.put("/api/contents/" + "a".repeat(250) + ".ipynb", model, null), 400);
        assertRefused(browser.put("/api/contents/" + "é".repeat(100) + ".ipynb", model, null), 400);
        assertRefused(browser.post("/api/contents", "{\"copy_from\": \"notebooks/lesson.ipynb\"}".replace("notebooks/lesson.ipynb",
                "notebooks/" + "b".repeat(250) + ".ipynb")), 400);

        assertThat(listing()).as("nothing was written").isEqualTo(before);
        assertThat(browser.put("/api/contents/" + "a".repeat(194) + ".ipynb", model, null).statusCode())
                .as("a name of 200 bytes is fine").isEqualTo(201);
    }

    @Test
    @DisplayName("a session for a path outside the workspace is refused, and no kernel starts")
    void sessionOutsideTheWorkspace() {
        var before = server.kernels.running.size();

        assertRefused(browser.post("/api/sessions", "{\"path\": \"../../../tmp/x.ipynb\", \"type\": \"notebook\"}"), 403);
        assertRefused(browser.post("/api/sessions", "{\"path\": \"/etc/passwd\", \"type\": \"notebook\"}"), 403);

        assertThat(server.kernels.running).as("kernels started").hasSize(before);
        var moved = browser.post("/api/sessions", "{\"path\": \"notebooks/lesson.ipynb\", \"type\": \"notebook\"}");
        assertThat(moved.statusCode()).as("a notebook inside opens").isEqualTo(201);
        var id = TestServer.json(moved).get("id").asText();
        assertRefused(browser.patch("/api/sessions/" + id, "{\"path\": \"../outside.ipynb\"}"), 403);
    }

    private java.util.List<String> listing() throws java.io.IOException {
        try (var files = Files.walk(server.workspace)) {
            return files.map(p -> server.workspace.relativize(p).toString()).sorted().toList();
        }
    }
}
