package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.workspace.KernelInfo;
import dev.rampart.server.workspace.Kernels;
import dev.rampart.server.workspace.NoSuchKernelException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Jupyter Server's kernels API: {@code /api/kernelspecs} and {@code /api/kernels[/{id}[/interrupt|/restart]]}. */
final class KernelRoutes {

    private final OwnWorkspace workspaces;

    KernelRoutes(OwnWorkspace workspaces) {
        this.workspaces = workspaces;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/kernelspecs", this::specs, Access.SIGNED_IN);
        routes.get("/api/kernels", this::list, Access.SIGNED_IN);
        routes.post("/api/kernels", this::start, Access.SIGNED_IN);
        routes.get("/api/kernels/{kernel}", this::one, Access.SIGNED_IN);
        routes.delete("/api/kernels/{kernel}", this::shutdown, Access.SIGNED_IN);
        routes.post("/api/kernels/{kernel}/interrupt", this::interrupt, Access.SIGNED_IN);
        routes.post("/api/kernels/{kernel}/restart", this::restart, Access.SIGNED_IN);
    }

    void specs(Context ctx) {
        var body = Json.object().put("default", Kernels.KERNELSPEC);
        var spec = body.putObject("kernelspecs").putObject(Kernels.KERNELSPEC).put("name", Kernels.KERNELSPEC);
        spec.putObject("spec").put("display_name", "Java").put("language", "java");
        spec.putObject("resources");
        Json.send(ctx, body);
    }

    void list(Context ctx) {
        var kernels = workspaces.of(ctx).kernels();
        var list = Json.array();
        kernels.list().forEach(kernel -> list.add(model(kernel)));
        Json.send(ctx, list);
    }

    void start(Context ctx) {
        var kernels = workspaces.forChange(ctx).kernels();
        var name = Json.body(ctx).path("name").asText(Kernels.KERNELSPEC);
        if (!name.equals(Kernels.KERNELSPEC)) {
            throw new Refusal(400, "The only kernel is \"java\"");
        }
        var kernel = kernels.start(name);
        ctx.header("Location", "/api/kernels/" + kernel.id());
        Json.send(ctx, 201, model(kernel));
    }

    void one(Context ctx) {
        var kernels = workspaces.of(ctx).kernels();
        Json.send(ctx, model(kernels.find(ctx.pathParam("kernel")).orElseThrow(NoSuchKernelException::new)));
    }

    void shutdown(Context ctx) {
        var kernels = workspaces.of(ctx).kernels();
        kernels.shutdown(ctx.pathParam("kernel"));
        ctx.status(204);
    }

    void interrupt(Context ctx) {
        var kernels = workspaces.of(ctx).kernels();
        kernels.interrupt(ctx.pathParam("kernel"));
        ctx.status(204);
    }

    void restart(Context ctx) {
        var kernels = workspaces.forChange(ctx).kernels();
        Json.send(ctx, model(kernels.restart(ctx.pathParam("kernel"))));
    }

    static ObjectNode model(KernelInfo kernel) {
        return Json.object().put("id", kernel.id()).put("name", kernel.name())
                .put("last_activity", kernel.lastActivity().toString())
                .put("execution_state", kernel.executionState()).put("connections", kernel.connections());
    }
}
