package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/** Jupyter Server's sessions API: {@code /api/sessions[/{id}]}. */
final class SessionRoutes {

    private final NotebookSessions sessions;
    private final Kernels kernels;

    SessionRoutes(NotebookSessions sessions, Kernels kernels) {
        this.sessions = sessions;
        this.kernels = kernels;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions", this::list, Access.SIGNED_IN);
        routes.post("/api/sessions", this::open, Access.SIGNED_IN);
        routes.get("/api/sessions/{session}", this::one, Access.SIGNED_IN);
        routes.patch("/api/sessions/{session}", this::move, Access.SIGNED_IN);
        routes.delete("/api/sessions/{session}", this::close, Access.SIGNED_IN);
    }

    void list(Context ctx) {
        var list = Json.array();
        sessions.list().forEach(binding -> list.add(model(binding)));
        Json.send(ctx, list);
    }

    void open(Context ctx) {
        var body = Json.body(ctx);
        var path = Json.text(body, "path");
        var binding = sessions.open(path, body.path("name").asText(""), body.path("type").asText("notebook"));
        Json.send(ctx, 201, model(binding));
    }

    void one(Context ctx) {
        Json.send(ctx, model(sessions.find(ctx.pathParam("session")).orElseThrow(NoSuchKernelException::new)));
    }

    void move(Context ctx) {
        var body = Json.body(ctx);
        var moved = sessions.move(ctx.pathParam("session"),
                Optional.ofNullable(body.get("path")).map(node -> node.asText()),
                Optional.ofNullable(body.get("name")).map(node -> node.asText()));
        Json.send(ctx, model(moved));
    }

    void close(Context ctx) {
        sessions.close(ctx.pathParam("session"));
        ctx.status(204);
    }

    private ObjectNode model(NotebookSessions.Binding binding) {
        var model = Json.object().put("id", binding.id()).put("path", binding.path()).put("name", binding.name())
                .put("type", binding.type());
        kernels.find(binding.kernelId()).ifPresentOrElse(
                kernel -> model.set("kernel", KernelRoutes.model(kernel)),
                () -> model.putNull("kernel"));
        return model;
    }
}
