package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bodies over the limit are refused before they are read whole, whether sized or streamed in chunks. */
@WithTestServer
class RequestSizeTest {

    final TestServer server;
    final Browser browser;

    RequestSizeTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    private String oversizedSave() {
        return "{\"type\":\"notebook\",\"content\":{\"padding\":\"" + "x".repeat(2 << 20) + "\"}}";
    }

    @Test
    @DisplayName("a 2 MiB save to a server limited to 1 MiB is refused with 413 and nothing is written")
    void sizedBody() throws Exception {
        var before = Files.readAllBytes(server.workspace.resolve("notebooks/lesson.ipynb"));

        var response = browser.put("/api/contents/notebooks/lesson.ipynb", oversizedSave(), "any");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Files.readAllBytes(server.workspace.resolve("notebooks/lesson.ipynb"))).isEqualTo(before);
    }

    @Test
    @DisplayName("the same body sent chunked, without Content-Length, is refused too")
    void chunkedBody() {
        var bytes = oversizedSave().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var response = server.send(browser.request("/api/contents/notebooks/chunked.ipynb")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(server.workspace.resolve("notebooks/chunked.ipynb")).doesNotExist();
    }
}
