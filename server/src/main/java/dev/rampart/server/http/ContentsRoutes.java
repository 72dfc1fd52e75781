package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.notebook.Checkpoint;
import dev.rampart.server.notebook.Entry;
import dev.rampart.server.notebook.EntryType;
import dev.rampart.server.notebook.NotebookStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Jupyter Server's contents API, for notebooks and folders:
 * {@code GET|PUT|POST|PATCH|DELETE /api/contents/<path>} and its {@code /checkpoints}.
 * Saves need the version the client opened in {@code If-Match} (the {@code ETag} of the GET);
 * a stale one gets 409 and nothing is overwritten.
 */
final class ContentsRoutes {

    private static final String ROOT = "/api/contents";

    private final OwnWorkspace workspaces;

    ContentsRoutes(OwnWorkspace workspaces) {
        this.workspaces = workspaces;
    }

    private NotebookStore store(Context ctx) {
        return workspaces.of(ctx).notebooks();
    }

    private NotebookStore storeForChange(Context ctx) {
        return workspaces.forChange(ctx).notebooks();
    }

    void register(RoutesConfig routes) {
        routes.get(ROOT + "/<path>/checkpoints", this::listCheckpoints, Access.SIGNED_IN);
        routes.post(ROOT + "/<path>/checkpoints", this::createCheckpoint, Access.SIGNED_IN);
        routes.post(ROOT + "/<path>/checkpoints/{checkpoint}", this::restoreCheckpoint, Access.SIGNED_IN);
        routes.delete(ROOT + "/<path>/checkpoints/{checkpoint}", this::deleteCheckpoint, Access.SIGNED_IN);
        for (var route : new String[] {ROOT, ROOT + "/<path>"}) {
            routes.get(route, this::get, Access.SIGNED_IN);
            routes.post(route, this::create, Access.SIGNED_IN);
            routes.put(route, this::save, Access.SIGNED_IN);
            routes.patch(route, this::rename, Access.SIGNED_IN);
            routes.delete(route, this::delete, Access.SIGNED_IN);
        }
    }

    void get(Context ctx) {
        var path = path(ctx);
        var withContent = !"0".equals(ctx.queryParam("content"));
        switch (store(ctx).typeOf(path)) {
            case DIRECTORY -> {
                var listing = store(ctx).list(path);
                var model = model(listing.folder());
                if (withContent) {
                    var content = model.putArray("content");
                    listing.entries().forEach(entry -> content.add(model(entry)));
                    model.put("format", "json");
                }
                Json.send(ctx, model);
            }
            case NOTEBOOK -> {
                var document = store(ctx).open(path);
                var model = model(document.entry());
                if (withContent) {
                    model.set("content", document.content());
                    model.put("format", "json");
                }
                model.put("hash", document.version()).put("hash_algorithm", "sha256");
                ETags.tag(ctx, document.version());
                Json.send(ctx, model);
            }
            case FILE -> Json.send(ctx, model(store(ctx).describe(path)));
        }
    }

    void save(Context ctx) {
        var body = Json.body(ctx);
        if (!"notebook".equals(body.path("type").asText("notebook")) || !body.path("content").isObject()) {
            throw new Refusal(400, "Send a notebook model: {\"type\": \"notebook\", \"format\": \"json\", \"content\": {...}}");
        }
        var ifMatch = ETags.ifMatch(ctx);
        var result = storeForChange(ctx).save(path(ctx), body.get("content"), ifMatch);
        ETags.tag(ctx, result.version());
        var model = model(result.entry()).put("hash", result.version()).put("hash_algorithm", "sha256");
        Json.send(ctx, ifMatch.isEmpty() ? 201 : 200, model);
    }

    void create(Context ctx) {
        var body = Json.body(ctx);
        var folder = path(ctx);
        Entry created;
        if (body.hasNonNull("copy_from")) {
            created = storeForChange(ctx).copy(Json.text(body, "copy_from"), folder);
        } else if ("directory".equals(body.path("type").asText())) {
            created = storeForChange(ctx).createFolder(folder);
        } else {
            created = storeForChange(ctx).create(folder);
        }
        ctx.header("Location", ROOT + "/" + created.path());
        Json.send(ctx, 201, model(created));
    }

    void rename(Context ctx) {
        var body = Json.body(ctx);
        Json.send(ctx, model(storeForChange(ctx).rename(path(ctx), Json.text(body, "path"))));
    }

    void delete(Context ctx) {
        storeForChange(ctx).delete(path(ctx));
        ctx.status(204);
    }

    void listCheckpoints(Context ctx) {
        var list = Json.array();
        store(ctx).checkpoints(path(ctx)).forEach(checkpoint -> list.add(model(checkpoint)));
        Json.send(ctx, list);
    }

    void createCheckpoint(Context ctx) {
        Json.send(ctx, 201, model(storeForChange(ctx).createCheckpoint(path(ctx))));
    }

    void restoreCheckpoint(Context ctx) {
        var result = storeForChange(ctx).restoreCheckpoint(path(ctx), ctx.pathParam("checkpoint"));
        ETags.tag(ctx, result.version());
        ctx.status(204);
    }

    void deleteCheckpoint(Context ctx) {
        storeForChange(ctx).deleteCheckpoint(path(ctx), ctx.pathParam("checkpoint"));
        ctx.status(204);
    }

    private static String path(Context ctx) {
        return ctx.pathParamMap().getOrDefault("path", "");
    }

    static ObjectNode model(Entry entry) {
        var model = Json.object()
                .put("name", entry.name())
                .put("path", entry.path())
                .put("type", entry.type().name().toLowerCase(Locale.ROOT))
                .put("writable", entry.type() != EntryType.FILE)
                .put("created", entry.created().toString())
                .put("last_modified", entry.lastModified().toString())
                .put("size", entry.size());
        model.putNull("mimetype");
        model.putNull("content");
        model.putNull("format");
        return model;
    }

    static ObjectNode model(Checkpoint checkpoint) {
        return Json.object().put("id", checkpoint.id()).put("last_modified", checkpoint.lastModified().toString());
    }
}
