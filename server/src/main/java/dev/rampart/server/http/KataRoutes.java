package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.contract.Kata;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.SourceFile;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The katas: their source files (read and saved under the same confinement and version rules
 * as notebooks), reset to the starter (with a checkpoint to go back to), the lesson reset as
 * released (its checkpoint too), and the streamed run of the attacks.
 */
final class KataRoutes {

    private static final String ROOT = "/api/katas";

    private final OwnWorkspace workspaces;

    KataRoutes(OwnWorkspace workspaces) {
        this.workspaces = workspaces;
    }

    void register(RoutesConfig routes) {
        routes.get(ROOT, this::list, Access.SIGNED_IN);
        routes.get(ROOT + "/{kata}", this::one, Access.SIGNED_IN);
        routes.get(ROOT + "/{kata}/files/{file}", this::read, Access.SIGNED_IN);
        routes.put(ROOT + "/{kata}/files/{file}", this::write, Access.SIGNED_IN);
        routes.post(ROOT + "/{kata}/reset", this::reset, Access.SIGNED_IN);
        routes.post(ROOT + "/{kata}/lesson/reset", this::resetLesson, Access.SIGNED_IN);
        routes.get(ROOT + "/{kata}/checkpoints", this::checkpoints, Access.SIGNED_IN);
        routes.post(ROOT + "/{kata}/checkpoints/{checkpoint}", this::restore, Access.SIGNED_IN);
        routes.post(ROOT + "/{kata}/attacks", this::runAttacks, Access.SIGNED_IN);
    }

    void list(Context ctx) {
        var workspace = workspaces.of(ctx);
        var katas = workspace.katas();
        var list = Json.array();
        katas.katas().forEach(kata -> list.add(model(kata)));
        Json.send(ctx, list);
    }

    void one(Context ctx) {
        var workspace = workspaces.of(ctx);
        var katas = workspace.katas();
        var kata = katas.kata(ctx.pathParam("kata"));
        var model = model(kata);
        var files = model.putArray("files");
        katas.files(kata.id()).forEach(files::add);
        Json.send(ctx, model);
    }

    void read(Context ctx) {
        var workspace = workspaces.of(ctx);
        var katas = workspace.katas();
        var file = katas.read(ctx.pathParam("kata"), ctx.pathParam("file"));
        ETags.tag(ctx, file.version());
        Json.send(ctx, model(file).put("content", file.content()));
    }

    void write(Context ctx) {
        var workspace = workspaces.forChange(ctx);
        var katas = workspace.katas();
        var body = Json.body(ctx);
        var ifMatch = ETags.ifMatch(ctx);
        var file = katas.write(ctx.pathParam("kata"), ctx.pathParam("file"), Json.text(body, "content"), ifMatch);
        ETags.tag(ctx, file.version());
        Json.send(ctx, ifMatch.isEmpty() ? 201 : 200, model(file));
    }

    void reset(Context ctx) {
        var workspace = workspaces.forChange(ctx);
        var katas = workspace.katas();
        var id = ctx.pathParam("kata");
        var files = Json.array();
        katas.reset(id).forEach(file -> files.add(model(file)));
        var body = Json.object();
        body.set("files", files);
        var checkpoints = body.putArray("checkpoints");
        katas.checkpoints(id).forEach(checkpoint -> checkpoints.add(ContentsRoutes.model(checkpoint)));
        Json.send(ctx, body);
    }

    /**
     * The kata's lesson back as released; what was there becomes the notebook's checkpoint
     * ({@code POST /api/contents/<lesson>/checkpoints/checkpoint} undoes it).
     */
    void resetLesson(Context ctx) {
        var workspace = workspaces.forChange(ctx);
        var kata = workspace.katas().kata(ctx.pathParam("kata"));
        var saved = workspace.notebooks().reset(kata.workspaceLesson(), workspace.katas().releasedLesson(kata.id()));
        ETags.tag(ctx, saved.version());
        var body = ContentsRoutes.model(saved.entry()).put("hash", saved.version());
        var checkpoints = body.putArray("checkpoints");
        workspace.notebooks().checkpoints(kata.workspaceLesson()).forEach(checkpoint -> checkpoints.add(ContentsRoutes.model(checkpoint)));
        Json.send(ctx, body);
    }

    void checkpoints(Context ctx) {
        var workspace = workspaces.of(ctx);
        var katas = workspace.katas();
        var list = Json.array();
        katas.checkpoints(ctx.pathParam("kata")).forEach(checkpoint -> list.add(ContentsRoutes.model(checkpoint)));
        Json.send(ctx, list);
    }

    void restore(Context ctx) {
        var workspace = workspaces.forChange(ctx);
        var katas = workspace.katas();
        var files = Json.array();
        katas.restore(ctx.pathParam("kata"), ctx.pathParam("checkpoint")).forEach(file -> files.add(model(file)));
        Json.send(ctx, Json.object().set("files", files));
    }

    /**
     * Streams the run as newline-delimited JSON, one event per line, flushed as each case
     * finishes, so the page can show progress while the suite runs.
     */
    void runAttacks(Context ctx) throws IOException {
        var workspace = workspaces.forChange(ctx);
        var katas = workspace.katas();
        var kata = katas.kata(ctx.pathParam("kata"));
        ctx.contentType("application/x-ndjson");
        // The servlet's own stream: Javalin's (compressing) one ignores flush() and would hold every
        // event back until the run ends.
        var out = ctx.res().getOutputStream();
        workspace.attacks().run(kata, event -> {
            try {
                out.write((AttackEvents.toJson(event) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("The browser stopped listening to the run", e);
            }
        });
    }

    private static ObjectNode model(Kata kata) {
        return Json.object().put("number", kata.number()).put("id", kata.id()).put("title", kata.title())
                .put("lesson", kata.workspaceLesson()).put("sources", kata.workspaceSources());
    }

    private static ObjectNode model(SourceFile file) {
        return Json.object().put("kata", file.kata()).put("name", file.name()).put("version", file.version())
                .put("last_modified", file.lastModified().toString());
    }
}
