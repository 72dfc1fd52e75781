package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.kata.support.ResponseLeaks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Errors tell the client what it can act on and nothing about the server's insides: a fixed
 * message and a correlation id; the exception stays in the log.
 */
@WithTestServer
class ErrorLeakTest {

    static final String INTERNAL = "cannot open /home/learner/.ssh/id_rsa at dev.rampart.Secret.load(Secret.java:42)";

    final TestServer server;
    final Browser browser;

    ErrorLeakTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    private static void assertGeneric(JsonNode body) {
        var fields = new ArrayList<String>();
        body.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("only a message and a correlation id").containsExactlyInAnyOrder("message", "correlationId");
        assertThat(body.get("correlationId").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    @DisplayName("an exception's message and stack trace never reach the client")
    void serverFailure() {
        server.kernels.failure = new IllegalStateException(INTERNAL);
        try {
            var response = browser.post("/api/kernels", "{}");

            assertThat(response.statusCode()).isEqualTo(500);
            var body = TestServer.json(response);
            assertGeneric(body);
            assertThat(body.get("message").asText()).isEqualTo(
                    "Something went wrong on the server; the log has the details under this correlation id");
            // The error-handling kata's oracle: no stack frame, class name, disk location or planted detail.
            assertThat(ResponseLeaks.find(response, List.of("id_rsa", "Secret.load", "/home/learner")))
                    .as("what the error told the client").isEmpty();
        } finally {
            server.kernels.failure = null;
        }
    }

    @Test
    @DisplayName("a 404 does not echo the requested path back (no reflected content)")
    void notFoundEchoesNothing() {
        var response = browser.get("/api/%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        assertThat(response.statusCode()).isEqualTo(404);
        var body = TestServer.json(response);
        assertGeneric(body);
        assertThat(body.get("message").asText()).isEqualTo("Not found");
        assertThat(ResponseLeaks.find(response, List.of("script", "alert"))).as("what the 404 reflected").isEmpty();
    }

    @Test
    @DisplayName("Jetty's own error page (HTML with the URI) is replaced by the generic JSON")
    void jettyErrors() {
        var response = server.get("/%2e%2e/etc/passwd");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertGeneric(TestServer.json(response));
        assertThat(ResponseLeaks.find(response, List.of("passwd"))).as("what Jetty's error told the client").isEmpty();
    }

    @Test
    @DisplayName("a refused path outside the workspace says so without naming what is there")
    void refusedPath() {
        var response = browser.get("/api/contents/..%2F..%2Fetc%2Fpasswd");

        assertThat(response.statusCode()).isEqualTo(403);
        assertGeneric(TestServer.json(response));
        assertThat(ResponseLeaks.find(response, List.of("passwd"))).as("what the refusal told the client").isEmpty();
    }
}
