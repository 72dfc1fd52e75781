package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jupyter's kernels and sessions REST shapes over the kernel seam. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelApiTest {

    TestServer server;
    Browser browser;

    @BeforeAll
    void start(@TempDir Path sandbox) {
        server = new TestServer(sandbox);
        browser = server.signIn();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void kernelsStartListInterruptRestartAndStop() {
        assertThat(TestServer.json(browser.get("/api/kernelspecs")).get("default").asText()).isEqualTo("java");
        var started = browser.post("/api/kernels", "{\"name\":\"java\"}");
        var id = TestServer.json(started).get("id").asText();

        assertThat(started.statusCode()).isEqualTo(201);
        assertThat(TestServer.json(browser.get("/api/kernels")).findValuesAsText("id")).contains(id);
        assertThat(browser.post("/api/kernels/" + id + "/interrupt", "").statusCode()).isEqualTo(204);
        assertThat(browser.post("/api/kernels/" + id + "/restart", "").statusCode()).isEqualTo(200);
        assertThat(browser.delete("/api/kernels/" + id).statusCode()).isEqualTo(204);
        assertThat(browser.get("/api/kernels/" + id).statusCode()).isEqualTo(404);
        assertThat(browser.post("/api/kernels", "{\"name\":\"python3\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aNotebookReopenedFindsItsKernelThroughItsSession() {
        var first = TestServer.json(browser.post("/api/sessions", "{\"path\":\"notebooks/lesson.ipynb\",\"type\":\"notebook\"}"));
        var again = TestServer.json(browser.post("/api/sessions", "{\"path\":\"notebooks/lesson.ipynb\",\"type\":\"notebook\"}"));

        assertThat(again.get("id")).isEqualTo(first.get("id"));
        assertThat(again.at("/kernel/id")).isEqualTo(first.at("/kernel/id"));

        var moved = TestServer.json(browser.patch("/api/sessions/" + first.get("id").asText(), "{\"path\":\"notebooks/renamed.ipynb\"}"));
        assertThat(moved.get("path").asText()).isEqualTo("notebooks/renamed.ipynb");

        assertThat(browser.delete("/api/sessions/" + first.get("id").asText()).statusCode()).isEqualTo(204);
        assertThat(server.kernels.running).doesNotContainKey(first.at("/kernel/id").asText());
    }

    @Test
    void aKatasLessonGetsAKernelBoundToThatKataAndOtherNotebooksDoNot() {
        var lesson = TestServer.json(browser.post("/api/sessions", "{\"path\":\"notebooks/99-demo-kata.ipynb\",\"type\":\"notebook\"}"));
        var other = TestServer.json(browser.post("/api/sessions", "{\"path\":\"notebooks/scratch.ipynb\",\"type\":\"notebook\"}"));

        assertThat(server.kernels.bound).containsEntry(lesson.at("/kernel/id").asText(), "demo-kata")
                .doesNotContainKey(other.at("/kernel/id").asText());
    }

    @Test
    void withoutKernelsTheApiSaysSoWith503() {
        server.kernels.failure = new KernelUnavailableException("no kernels in this build");
        try {
            var response = browser.post("/api/kernels", "{}");

            assertThat(response.statusCode()).isEqualTo(503);
        } finally {
            server.kernels.failure = null;
        }
    }
}
