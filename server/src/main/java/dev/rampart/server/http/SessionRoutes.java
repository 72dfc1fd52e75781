package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.workspace.NoSuchKernelException;
import dev.rampart.server.workspace.NotebookSessions;
import dev.rampart.server.workspace.Workspace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/** Jupyter Server's sessions API: {@code /api/sessions[/{id}]}. */
final class SessionRoutes {

    private final OwnWorkspace workspaces;

    SessionRoutes(OwnWorkspace workspaces) {
        this.workspaces = workspaces;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/sessions", this::list, Access.SIGNED_IN);
        routes.post("/api/sessions", this::open, Access.SIGNED_IN);
        routes.get("/api/sessions/{session}", this::one, Access.SIGNED_IN);
        routes.patch("/api/sessions/{session}", this::move, Access.SIGNED_IN);
        routes.delete("/api/sessions/{session}", this::close, Access.SIGNED_IN);
    }

    void list(Context ctx) {
        var workspace = workspaces.of(ctx);
        var sessions = workspace.sessions();
        var list = Json.array();
        sessions.list().forEach(binding -> list.add(model(workspace, binding)));
        Json.send(ctx, list);
    }

    void open(Context ctx) {
        var workspace = workspaces.forChange(ctx);
        var sessions = workspace.sessions();
        var body = Json.body(ctx);
        var path = Json.text(body, "path");
        var binding = sessions.open(path, body.path("name").asText(""), body.path("type").asText("notebook"));
        Json.send(ctx, 201, model(workspace, binding));
    }

    void one(Context ctx) {
        var workspace = workspaces.of(ctx);
        var sessions = workspace.sessions();
        Json.send(ctx, model(workspace, sessions.find(ctx.pathParam("session")).orElseThrow(NoSuchKernelException::new)));
    }

    void move(Context ctx) {
        var workspace = workspaces.of(ctx);
        var sessions = workspace.sessions();
        var body = Json.body(ctx);
        var moved = sessions.move(ctx.pathParam("session"),
                Optional.ofNullable(body.get("path")).map(node -> node.asText()),
                Optional.ofNullable(body.get("name")).map(node -> node.asText()));
        Json.send(ctx, model(workspace, moved));
    }

    void close(Context ctx) {
        var workspace = workspaces.of(ctx);
        var sessions = workspace.sessions();
        sessions.close(ctx.pathParam("session"));
        ctx.status(204);
    }

    private static ObjectNode model(Workspace workspace, NotebookSessions.Binding binding) {
        var kernels = workspace.kernels();
        var model = Json.object().put("id", binding.id()).put("path", binding.path()).put("name", binding.name())
                .put("type", binding.type());
        kernels.find(binding.kernelId()).ifPresentOrElse(
                kernel -> model.set("kernel", KernelRoutes.model(kernel)),
                () -> model.putNull("kernel"));
        return model;
    }
}
