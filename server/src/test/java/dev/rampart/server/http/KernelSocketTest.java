package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernel WebSocket: Jupyter-shaped messages both ways, and the handshake guarded against
 * cross-site WebSocket hijacking (a page elsewhere opening a socket with the learner's cookie).
 */
@WithTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelSocketTest {

    final TestServer server;
    final Browser browser;
    String kernelId;

    KernelSocketTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    @BeforeAll
    void prepare() {
        kernelId = TestServer.json(browser.post("/api/kernels", "{}")).get("id").asText();
    }

    /** Collects whole text messages. */
    static final class Inbox implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(Json.MAPPER.readTree(partial.toString()));
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        JsonNode next() throws InterruptedException {
            var message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("no message from the kernel socket within 10 s").isNotNull();
            return message;
        }
    }

    private URI channels(String kernel) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/api/kernels/" + kernel + "/channels");
    }

    private WebSocket open(Inbox inbox, String origin, boolean withCookie) {
        var builder = server.client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (withCookie) {
            builder.header("Cookie", browser.cookieHeader());
        }
        return builder.buildAsync(channels(kernelId), inbox).join();
    }

    private static String request(String id, String type, String content) {
        return "{\"channel\":\"shell\",\"header\":{\"msg_id\":\"" + id + "\",\"msg_type\":\"" + type + "\"},"
                + "\"parent_header\":{},\"content\":" + content + "}";
    }

    @Test
    void executeStreamsOutputThenRepliesWithTheRequestAsParent() throws Exception {
        var inbox = new Inbox();
        var socket = open(inbox, server.origin(), true);

        socket.sendText(request("m1", "execute_request", "{\"code\":\"1 + 41\"}"), true).join();

        var types = new java.util.ArrayList<String>();
        JsonNode message;
        do {
            message = inbox.next();
            assertThat(message.at("/parent_header/msg_id").asText()).isEqualTo("m1");
            types.add(message.at("/header/msg_type").asText());
        } while (!(message.at("/header/msg_type").asText().equals("status")
                && message.at("/content/execution_state").asText().equals("idle")));
        assertThat(types).containsExactly("status", "stream", "execute_result", "execute_reply", "status");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void completionInspectionInterruptAndRestart() throws Exception {
        var inbox = new Inbox();
        var socket = open(inbox, server.origin(), true);

        socket.sendText(request("c1", "complete_request", "{\"code\":\"\\\"abc\\\".\",\"cursor_pos\":6}"), true).join();
        var completion = inbox.next();
        socket.sendText(request("i1", "interrupt_request", "{}"), true).join();
        var interrupt = inbox.next();
        socket.sendText(request("r1", "shutdown_request", "{\"restart\":true}"), true).join();
        var restarting = inbox.next();
        var restarted = inbox.next();

        assertThat(completion.at("/header/msg_type").asText()).isEqualTo("complete_reply");
        assertThat(completion.at("/content/matches/0").asText()).isEqualTo("length()");
        assertThat(interrupt.at("/header/msg_type").asText()).isEqualTo("interrupt_reply");
        assertThat(server.kernels.interrupted).contains(kernelId);
        assertThat(restarting.at("/content/execution_state").asText()).isEqualTo("restarting");
        assertThat(restarted.at("/header/msg_type").asText()).isEqualTo("shutdown_reply");
        assertThat(server.kernels.restarted).contains(kernelId);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    @DisplayName("a socket opened from http://evil.example with the learner's cookie is refused at the handshake")
    void crossSiteWebSocketHijacking() {
        assertThatThrownBy(() -> open(new Inbox(), "http://evil.example", true))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(server.securityLog).anySatisfy(line -> assertThat(line).startsWith("security event=origin-refused"));
    }

    @Test
    @DisplayName("a socket without the session cookie is refused at the handshake")
    void noCredential() {
        assertThatThrownBy(() -> open(new Inbox(), server.origin(), false))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    @DisplayName("a socket addressed to Host: evil.example is refused at the handshake")
    void rebinding() {
        var builder = server.client.newWebSocketBuilder().header("Cookie", browser.cookieHeader());
        assertThatThrownBy(() -> builder.header("Host", "evil.example").buildAsync(channels(kernelId), new Inbox()).join())
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void aSocketToAnUnknownKernelIsClosed() throws Exception {
        var closed = new java.util.concurrent.CompletableFuture<Integer>();
        server.client.newWebSocketBuilder().header("Origin", server.origin()).header("Cookie", browser.cookieHeader())
                .buildAsync(channels("no-such-kernel"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }
                }).join();

        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(KernelSocket.NO_SUCH_KERNEL);
    }
}
