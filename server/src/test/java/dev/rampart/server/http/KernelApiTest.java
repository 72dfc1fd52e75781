package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.workspace.KernelUnavailableException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jupyter's kernels and sessions REST shapes over the kernel seam. */
@WithTestServer
class KernelApiTest {

    final TestServer server;
    final Browser browser;

    KernelApiTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
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
    void aCopyOfALessonIsBoundToTheKataItsMetadataNames() throws Exception {
        var lesson = (com.fasterxml.jackson.databind.node.ObjectNode) TestServer.json(browser.get("/api/contents/notebooks/lesson.ipynb"))
                .get("content");
        ((com.fasterxml.jackson.databind.node.ObjectNode) lesson.get("metadata")).putObject("rampart").put("kata", "demo-kata");
        var saved = browser.put("/api/contents/notebooks/my-copy.ipynb", "{\"type\":\"notebook\",\"content\":" + lesson + "}", null);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);

        var copy = TestServer.json(browser.post("/api/sessions", "{\"path\":\"notebooks/my-copy.ipynb\",\"type\":\"notebook\"}"));

        assertThat(server.kernels.bound).containsEntry(copy.at("/kernel/id").asText(), "demo-kata");
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

    @Test
    void aNotebookOpensWhileAnotherNotebooksKernelIsStillStarting() throws Exception {
        var hold = new CountDownLatch(1);
        try {
            var slow = openHeld("notebooks/slow.ipynb", hold);

            var quick = open("notebooks/quick.ipynb");

            assertThat(quick.statusCode()).isEqualTo(201);
            assertThat(slow).as("the other notebook's kernel is still starting").isNotDone();
            hold.countDown();
            assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        } finally {
            server.kernels.holdNextStart = null;
            hold.countDown();
        }
    }

    @Test
    void twoOpeningsOfOneNotebookAtOnceShareOneKernel() throws Exception {
        var hold = new CountDownLatch(1);
        try {
            var first = openHeld("notebooks/twice.ipynb", hold);
            var second = CompletableFuture.supplyAsync(() -> open("notebooks/twice.ipynb"));
            int before = server.kernels.running.size();
            hold.countDown();

            var a = TestServer.json(first.get(30, TimeUnit.SECONDS));
            var b = TestServer.json(second.get(30, TimeUnit.SECONDS));
            assertThat(b.at("/kernel/id")).isEqualTo(a.at("/kernel/id"));
            assertThat(server.kernels.running).as("one kernel started for both").hasSize(before + 1);
        } finally {
            server.kernels.holdNextStart = null;
            hold.countDown();
        }
    }

    private HttpResponse<String> open(String path) {
        return browser.post("/api/sessions", "{\"path\":\"" + path + "\",\"type\":\"notebook\"}");
    }

    /** Opens {@code path} on another thread, its kernel's start held until {@code hold} opens; returns once the start is held. */
    private CompletableFuture<HttpResponse<String>> openHeld(String path, CountDownLatch hold) throws InterruptedException {
        var taken = new CountDownLatch(1);
        server.kernels.holding = taken;
        server.kernels.holdNextStart = hold;
        var opening = CompletableFuture.supplyAsync(() -> open(path));
        assertThat(taken.await(30, TimeUnit.SECONDS)).as("the opening of %s is inside its kernel's start", path).isTrue();
        return opening;
    }
}
