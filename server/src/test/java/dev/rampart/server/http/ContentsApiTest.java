package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contents API as a client uses it, and the traversal attempts it must refuse. */
@WithTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentsApiTest {

    final TestServer server;
    final Browser browser;
    final Path sandbox;

    ContentsApiTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
        this.sandbox = server.sandbox;
    }

    @BeforeAll
    void prepare() throws IOException {
        try (var in = ContentsApiTest.class.getResourceAsStream("/notebooks/small.ipynb")) {
            var bytes = in.readAllBytes();
            Files.write(sandbox.resolve("outside.ipynb"), bytes);
            Files.createDirectories(sandbox.resolve("workspace-evil"));
            Files.write(sandbox.resolve("workspace-evil/secret.ipynb"), bytes);
        }
        Files.createSymbolicLink(server.workspace.resolve("notebooks/escape"), sandbox);
        Files.createSymbolicLink(server.workspace.resolve("sibling"), sandbox.resolve("workspace-evil"));
    }

    private static String saveBody(com.fasterxml.jackson.databind.JsonNode content) {
        var body = Json.object().put("type", "notebook").put("format", "json");
        body.set("content", content);
        return body.toString();
    }

    @Test
    void openEditSaveWithTheVersionFromTheEtag() throws IOException {
        var opened = browser.get("/api/contents/notebooks/lesson.ipynb");
        var version = opened.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        var content = (ObjectNode) TestServer.json(opened).get("content");
        ((ObjectNode) content.at("/cells/3")).put("source", "System.out.println(\"saved\");");

        var saved = browser.put("/api/contents/notebooks/lesson.ipynb", saveBody(content), version);

        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.headers().firstValue("ETag")).isPresent().isNotEqualTo(opened.headers().firstValue("ETag"));
        assertThat(TestServer.json(browser.get("/api/contents/notebooks/lesson.ipynb")).at("/content/cells/3/source").asText())
                .isEqualTo("System.out.println(\"saved\");");
        assertThat(TestServer.json(browser.get("/api/contents/notebooks/lesson.ipynb")).at("/content/metadata/x-unknown-tool/zeta")
                .asBoolean()).as("unknown fields survive the round trip").isTrue();
    }

    @Test
    @DisplayName("a second tab saving an old version gets 409 and the first tab's work survives")
    void staleSave() throws IOException {
        browser.post("/api/contents/notebooks", "{}");
        var path = "/api/contents/notebooks/Untitled.ipynb";
        var tabOne = browser.get(path);
        var tabTwo = browser.get(path);
        var first = (ObjectNode) TestServer.json(tabOne).get("content");
        ((ObjectNode) first.at("/cells/0")).put("source", "// tab one");
        var second = (ObjectNode) TestServer.json(tabTwo).get("content");
        ((ObjectNode) second.at("/cells/0")).put("source", "// tab two");

        var one = browser.put(path, saveBody(first), TestServer.json(tabOne).get("hash").asText());
        var afterOne = Files.readString(server.workspace.resolve("notebooks/Untitled.ipynb"));
        var two = browser.put(path, saveBody(second), TestServer.json(tabTwo).get("hash").asText());

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(two.statusCode()).isEqualTo(409);
        assertThat(TestServer.json(two).get("currentVersion").asText()).isEqualTo(TestServer.json(one).get("hash").asText());
        assertThat(Files.readString(server.workspace.resolve("notebooks/Untitled.ipynb"))).isEqualTo(afterOne);
    }

    @Test
    void savingOverAFileWithoutIfMatchIsRefused() {
        var content = TestServer.json(browser.get("/api/contents/notebooks/lesson.ipynb")).get("content");

        assertThat(browser.put("/api/contents/notebooks/lesson.ipynb", saveBody(content), null).statusCode()).isEqualTo(428);
    }

    @Test
    void anInvalidNotebookIsRefusedWithTheSchemasReasons() {
        var response = browser.put("/api/contents/notebooks/broken.ipynb", "{\"type\":\"notebook\",\"content\":{\"cells\":[]}}", null);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(response).get("problems")).isNotEmpty();
        assertThat(server.workspace.resolve("notebooks/broken.ipynb")).doesNotExist();
    }

    @Test
    void createCopyRenameDeleteAndCheckpoints() {
        var created = browser.post("/api/contents", "{}");
        assertThat(created.statusCode()).isEqualTo(201);
        var name = TestServer.json(created).get("path").asText();

        var copy = browser.post("/api/contents/notebooks", "{\"copy_from\":\"notebooks/lesson.ipynb\"}");
        assertThat(TestServer.json(copy).get("path").asText()).isEqualTo("notebooks/lesson-Copy1.ipynb");

        var renamed = browser.patch("/api/contents/" + name, "{\"path\":\"renamed.ipynb\"}");
        assertThat(TestServer.json(renamed).get("path").asText()).isEqualTo("renamed.ipynb");

        assertThat(browser.post("/api/contents/renamed.ipynb/checkpoints", "").statusCode()).isEqualTo(201);
        assertThat(TestServer.json(browser.get("/api/contents/renamed.ipynb/checkpoints")).get(0).get("id").asText())
                .isEqualTo("checkpoint");
        assertThat(browser.post("/api/contents/renamed.ipynb/checkpoints/checkpoint", "").statusCode()).isEqualTo(204);

        assertThat(browser.delete("/api/contents/renamed.ipynb").statusCode()).isEqualTo(204);
        assertThat(browser.get("/api/contents/renamed.ipynb").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "GET {0} reads nothing outside the workspace")
    @ValueSource(strings = {"..%2Foutside.ipynb", "notebooks%2F..%2F..%2Foutside.ipynb", "notebooks/escape/outside.ipynb",
        "sibling/secret.ipynb", "%2Fetc%2Fpasswd", "notebooks%5C..%5C..%5Coutside.ipynb", ".git%2Fconfig"})
    void traversalReadsNothing(String attack) {
        var response = browser.get("/api/contents/" + attack);

        assertThat(response.statusCode()).as("status for %s", attack).isIn(400, 403, 404);
        assertThat(TestServer.json(response).has("content")).as("a notebook outside the workspace was served").isFalse();
    }

    @ParameterizedTest(name = "PUT {0} writes nothing outside the workspace")
    @ValueSource(strings = {"..%2Fplanted.ipynb", "notebooks/escape/planted.ipynb", "sibling/planted.ipynb"})
    void traversalWritesNothing(String attack) {
        var content = TestServer.json(browser.get("/api/contents/notebooks/lesson.ipynb")).get("content");

        var response = browser.put("/api/contents/" + attack, saveBody(content), null);

        assertThat(response.statusCode()).isIn(400, 403);
        assertThat(sandbox.resolve("planted.ipynb")).doesNotExist();
        assertThat(sandbox.resolve("workspace-evil/planted.ipynb")).doesNotExist();
    }

    @Test
    void listingsHideWhatLeadsOutOrIsHidden() throws IOException {
        Files.createDirectories(server.workspace.resolve(".git"));

        var names = TestServer.json(browser.get("/api/contents")).findValuesAsText("name");

        assertThat(names).contains("notebooks", "src").doesNotContain(".git", "sibling");
    }
}
