package dev.rampart.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.workspace.KernelChannel;
import dev.rampart.server.workspace.KernelEvent;
import dev.rampart.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/kernels/{id}/channels}: one WebSocket per open notebook, speaking Jupyter's
 * message shapes ({@code header}, {@code parent_header}, {@code content}, {@code channel}) in
 * JSON. Requests: {@code execute_request}, {@code complete_request}, {@code inspect_request},
 * {@code interrupt_request}, {@code shutdown_request} (with {@code restart}),
 * {@code kernel_info_request}. Replies and output carry the request's {@code msg_id} as their
 * parent. The handshake has passed {@link Guard#upgrade} (Host, Origin, credential).
 */
final class KernelSocket {

    /** Close code for "no such kernel" (4000-4999 are the application's). */
    static final int NO_SUCH_KERNEL = 4004;

    /** Close code for a caller with no workspace of their own (a dojo's facilitator, an interviewer). */
    static final int NO_WORKSPACE = 4003;

    private final OwnWorkspace workspaces;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    /** One socket's link to its kernel; sends are serialised because the kernel and the handlers both write. */
    private static final class Connection {
        private final WsContext socket;
        private final Workspace workspace;
        private final String kernelId;
        private volatile KernelChannel channel;

        Connection(WsContext socket, Workspace workspace, String kernelId) {
            this.socket = socket;
            this.workspace = workspace;
            this.kernelId = kernelId;
        }

        synchronized void send(ObjectNode message) {
            if (socket.session.isOpen()) {
                socket.send(message.toString());
            }
        }
    }

    KernelSocket(OwnWorkspace workspaces) {
        this.workspaces = workspaces;
    }

    void register(RoutesConfig routes) {
        routes.ws("/api/kernels/{kernel}/channels", ws -> {
            ws.onConnect(this::connect);
            ws.onMessage(this::message);
            ws.onClose(this::close);
            ws.onError(ctx -> disconnect(ctx.sessionId()));
        }, Access.SIGNED_IN);
    }

    void connect(WsConnectContext ctx) {
        var kernelId = ctx.pathParam("kernel");
        // Only the caller's own kernels exist for them: another person's kernel id is as unknown as a made-up one.
        Workspace workspace;
        try {
            workspace = workspaces.of(ctx);
        } catch (Refusal refused) {
            ctx.closeSession(NO_WORKSPACE, "No workspace");
            return;
        }
        var kernels = workspace.kernels();
        if (kernels.find(kernelId).isEmpty()) {
            ctx.closeSession(NO_SUCH_KERNEL, "No such kernel");
            return;
        }
        var connection = new Connection(ctx, workspace, kernelId);
        connection.channel = kernels.connect(kernelId, event -> connection.send(KernelMessages.toMessage(event)));
        connections.put(ctx.sessionId(), connection);
        ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
    }

    void message(WsMessageContext ctx) {
        var connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(ctx.message());
        } catch (JsonProcessingException e) {
            connection.send(KernelMessages.protocolError("", "Messages must be JSON"));
            return;
        }
        var id = request.path("header").path("msg_id").asText("");
        var type = request.path("header").path("msg_type").asText("");
        var content = request.path("content");
        var lock = connection.workspace.lock();
        if (lock.isPresent() && (type.equals("execute_request") || type.equals("shutdown_request"))) {
            connection.send(KernelMessages.protocolError(id, lock.get()));
            return;
        }
        var kernels = connection.workspace.kernels();
        switch (type) {
            case "execute_request" -> connection.channel.execute(id, content.path("code").asText(""));
            case "complete_request" -> connection.channel.complete(id, content.path("code").asText(""), content.path("cursor_pos").asInt(0));
            case "inspect_request" -> connection.channel.inspect(id, content.path("code").asText(""), content.path("cursor_pos").asInt(0));
            case "interrupt_request" -> {
                kernels.interrupt(connection.kernelId);
                connection.send(KernelMessages.reply(id, "control", "interrupt_reply", Json.object().put("status", "ok")));
            }
            case "shutdown_request" -> shutdown(connection, id, content.path("restart").asBoolean(false));
            case "kernel_info_request" -> connection.send(KernelMessages.reply(id, "shell", "kernel_info_reply", KernelMessages.kernelInfo()));
            default -> connection.send(KernelMessages.protocolError(id, "Unknown message type"));
        }
    }

    private static void shutdown(Connection connection, String id, boolean restart) {
        var kernels = connection.workspace.kernels();
        if (restart) {
            kernels.restart(connection.kernelId);
        } else {
            kernels.shutdown(connection.kernelId);
        }
        connection.send(KernelMessages.reply(id, "control", "shutdown_reply", Json.object().put("status", "ok").put("restart", restart)));
    }

    void close(WsCloseContext ctx) {
        disconnect(ctx.sessionId());
    }

    private void disconnect(String socketId) {
        var connection = connections.remove(socketId);
        if (connection != null && connection.channel != null) {
            connection.channel.close();
        }
    }

    /** Jupyter-shaped messages. */
    static final class KernelMessages {

        private KernelMessages() {
        }

        static ObjectNode toMessage(KernelEvent event) {
            var content = Json.object();
            String type;
            var channel = "iopub";
            if (event instanceof KernelEvent.Status status) {
                type = "status";
                content.put("execution_state", status.state());
            } else if (event instanceof KernelEvent.Stream stream) {
                type = "stream";
                content.put("name", stream.name()).put("text", stream.text());
            } else if (event instanceof KernelEvent.ExecuteResult result) {
                type = "execute_result";
                content.put("execution_count", result.executionCount());
                content.set("data", bundle(result.data()));
                content.putObject("metadata");
            } else if (event instanceof KernelEvent.DisplayData display) {
                type = "display_data";
                content.set("data", bundle(display.data()));
                content.putObject("metadata");
            } else if (event instanceof KernelEvent.Error error) {
                type = "error";
                content.put("ename", error.name()).put("evalue", error.value());
                error.traceback().forEach(content.putArray("traceback")::add);
            } else if (event instanceof KernelEvent.ExecuteReply reply) {
                type = "execute_reply";
                channel = "shell";
                content.put("status", reply.status()).put("execution_count", reply.executionCount());
            } else if (event instanceof KernelEvent.CompleteReply reply) {
                type = "complete_reply";
                channel = "shell";
                content.put("status", "ok").put("cursor_start", reply.cursorStart()).put("cursor_end", reply.cursorEnd());
                reply.matches().forEach(content.putArray("matches")::add);
                content.putObject("metadata");
            } else if (event instanceof KernelEvent.InspectReply reply) {
                type = "inspect_reply";
                channel = "shell";
                content.put("status", "ok").put("found", reply.found());
                content.set("data", bundle(reply.data()));
                content.putObject("metadata");
            } else {
                throw new IllegalArgumentException("Unknown kernel event " + event.getClass());
            }
            return reply(event.parentId(), channel, type, content);
        }

        static ObjectNode reply(String parentId, String channel, String type, ObjectNode content) {
            var message = Json.object().put("channel", channel);
            message.putObject("header").put("msg_id", UUID.randomUUID().toString()).put("msg_type", type)
                    .put("date", Instant.now().toString());
            var parent = message.putObject("parent_header");
            if (!parentId.isEmpty()) {
                parent.put("msg_id", parentId);
            }
            message.putObject("metadata");
            message.set("content", content);
            return message;
        }

        static ObjectNode protocolError(String parentId, String why) {
            return reply(parentId, "shell", "protocol_error", Json.object().put("status", "error").put("message", why));
        }

        static ObjectNode kernelInfo() {
            var content = Json.object().put("status", "ok").put("protocol_version", "5.3").put("implementation", "rampart")
                    .put("banner", "Java (JShell) on Rampart");
            content.putObject("language_info").put("name", "java").put("file_extension", ".java")
                    .put("mimetype", "text/x-java-source").put("codemirror_mode", "text/x-java");
            return content;
        }

        private static ObjectNode bundle(Map<String, String> data) {
            var node = Json.object();
            data.forEach(node::put);
            return node;
        }
    }
}
