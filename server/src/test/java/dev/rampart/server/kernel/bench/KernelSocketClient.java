package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.LoadJson.JSON;
import static dev.rampart.server.kernel.bench.LoadJson.parse;
import static dev.rampart.server.kernel.bench.LoadJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The notebook's WebSocket: one request at a time, its messages picked out by parent id. */
final class KernelSocketClient implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static KernelSocketClient open(LoadParticipant participant, String kernelId) throws Exception {
        var listener = new KernelSocketClient();
        var uri = URI.create("ws://" + participant.server.origin.getAuthority() + "/api/kernels/" + kernelId + "/channels");
        listener.socket = participant.browser.http.newWebSocketBuilder().header("Origin", participant.server.origin.toString())
                .header("Cookie", participant.browser.cookies).connectTimeout(Duration.ofMinutes(2))
                .buildAsync(uri, listener).get(2, TimeUnit.MINUTES);
        return listener;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(parse(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        messages.add(JSON.createObjectNode().put("closed", statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        messages.add(JSON.createObjectNode().put("closed", String.valueOf(error)));
    }

    /** Runs a cell; empty when it ran cleanly, else what went wrong (an error output, a failed reply). */
    Optional<String> execute(String code, long deadline) throws Exception {
        var problems = new ArrayList<String>();
        var reply = call("execute_request", JSON.createObjectNode().put("code", code).put("silent", false)
                .put("store_history", true).put("allow_stdin", false).put("stop_on_error", true), "execute_reply", deadline,
                message -> {
                    if (message.path("header").path("msg_type").asText().equals("error")) {
                        problems.add(message.at("/content/ename").asText() + ": " + message.at("/content/evalue").asText());
                    }
                });
        if (!reply.path("status").asText().equals("ok") && problems.isEmpty()) {
            problems.add("execute_reply " + reply.path("status").asText());
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** An expression's plain-text value. */
    Optional<String> value(String code, long deadline) throws Exception {
        var value = new ArrayList<String>();
        call("execute_request", JSON.createObjectNode().put("code", code), "execute_reply", deadline, message -> {
            if (message.path("header").path("msg_type").asText().equals("execute_result")) {
                value.add(message.at("/content/data/text~1plain").asText());
            }
        });
        return value.stream().findFirst();
    }

    JsonNode call(String type, JsonNode content, String replyType, long deadline) throws Exception {
        return call(type, content, replyType, deadline, message -> { });
    }

    private JsonNode call(String type, JsonNode content, String replyType, long deadline,
                          java.util.function.Consumer<JsonNode> output) throws Exception {
        var id = UUID.randomUUID().toString();
        var message = JSON.createObjectNode().put("channel", "shell");
        message.putObject("header").put("msg_id", id).put("msg_type", type).put("version", "5.3");
        message.putObject("parent_header");
        message.putObject("metadata");
        message.set("content", content);
        socket.sendText(message.toString(), true).get(1, TimeUnit.MINUTES);
        while (true) {
            var next = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new TimeoutException("no " + replyType + " before the time limit");
            }
            if (next.has("closed")) {
                throw new IllegalStateException("the kernel's socket closed: " + next.path("closed").asText());
            }
            var msgType = next.path("header").path("msg_type").asText();
            var parent = next.path("parent_header").path("msg_id").asText("");
            if (parent.isEmpty() && msgType.equals("status")
                    && next.at("/content/execution_state").asText().matches("restarting|dead")) {
                throw new IllegalStateException("the kernel died or restarted while " + type + " ran");
            }
            if (!parent.equals(id)) {
                continue;
            }
            if (msgType.equals(replyType)) {
                return next.path("content");
            }
            if (msgType.equals("protocol_error")) {
                throw new IllegalStateException("protocol error: " + next.at("/content/message").asText());
            }
            output.accept(next);
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
