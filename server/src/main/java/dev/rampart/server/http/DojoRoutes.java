package dev.rampart.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.contract.Kata;
import dev.rampart.server.dojo.Board;
import dev.rampart.server.dojo.DojoWorkspaces;
import dev.rampart.server.dojo.Participant;
import dev.rampart.server.dojo.Room;
import dev.rampart.server.dojo.RoomState;
import dev.rampart.server.security.Principal;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The facilitator's side of a dojo, every route for the {@link Access#FACILITATOR} role only
 * (a participant's link never opens it): the board page ({@code /dojo/}), its live JSON, new
 * participants, removing one, resetting one participant's kata, pausing, resuming and ending the room, and
 * the exports.
 */
public final class DojoRoutes implements RampartApp.Extension {

    private static final String ROOT = "/api/dojo";

    private final Room room;
    private final DojoWorkspaces workspaces;
    private final List<Kata> katas;
    private final Board board;
    private final Consumer<Principal> signOutEverywhere;

    /** @param signOutEverywhere ends every session of a principal (a removed participant's) */
    public DojoRoutes(Room room, DojoWorkspaces workspaces, List<Kata> katas, Consumer<Principal> signOutEverywhere) {
        this.room = room;
        this.workspaces = workspaces;
        this.signOutEverywhere = signOutEverywhere;
        this.katas = List.copyOf(katas);
        this.board = new Board(room, katas, workspaces::waiting);
    }

    @Override
    public void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/dojo";
            files.directory = "/web/dojo";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
            files.roles = Set.of(Access.FACILITATOR);
        });
        var routes = config.routes;
        routes.get(ROOT + "/board", ctx -> Json.send(ctx, board.live()), Access.FACILITATOR);
        routes.post(ROOT + "/participants", this::add, Access.FACILITATOR);
        routes.delete(ROOT + "/participants/{participant}", this::remove, Access.FACILITATOR);
        routes.post(ROOT + "/participants/{participant}/katas/{kata}/reset", this::reset, Access.FACILITATOR);
        routes.post(ROOT + "/pause", ctx -> change(ctx, RoomState.PAUSED), Access.FACILITATOR);
        routes.post(ROOT + "/resume", ctx -> change(ctx, RoomState.OPEN), Access.FACILITATOR);
        routes.post(ROOT + "/end", ctx -> change(ctx, RoomState.ENDED), Access.FACILITATOR);
        routes.get(ROOT + "/export.json", this::exportJson, Access.FACILITATOR);
        routes.get(ROOT + "/export.csv", this::exportCsv, Access.FACILITATOR);
    }

    /** {@code {"name": "Ada"}} or {@code {"names": "Ada\nGrace\n..."}} (a names file's text, one a line). */
    void add(Context ctx) {
        JsonNode body = Json.body(ctx);
        var added = new ArrayList<Participant>();
        try {
            if (body.hasNonNull("names")) {
                added.addAll(room.addAll(body.get("names").asText("").lines().toList()));
            } else {
                added.add(room.add(body.path("name").asText("")));
            }
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, e.getMessage());
        }
        var list = Json.array();
        added.forEach(p -> list.addObject().put("id", p.id()).put("name", p.name()).put("link", "/?token=" + p.token()));
        Json.send(ctx, 201, Json.object().set("participants", list));
    }

    /** The link stops working, every session of theirs ends, their kernels stop; their folder is kept. */
    void remove(Context ctx) {
        var id = ctx.pathParam("participant");
        var removed = room.remove(id).orElseThrow(() -> new Refusal(404, "No such participant"));
        signOutEverywhere.accept(new Principal(Principal.Role.PARTICIPANT, id));
        workspaces.close(id);
        Json.send(ctx, Json.object().put("participant", id).put("name", removed.name()).put("removed", true));
    }

    void reset(Context ctx) {
        var participant = ctx.pathParam("participant");
        var kataId = ctx.pathParam("kata");
        if (room.participant(participant).isEmpty()) {
            throw new Refusal(404, "No such participant");
        }
        if (katas.stream().noneMatch(kata -> kata.id().equals(kataId))) {
            throw new Refusal(404, "No such kata");
        }
        if (room.state() == RoomState.ENDED) {
            throw new Refusal(423, "The session has ended: the work is read-only");
        }
        var workspace = workspaces.existing(participant)
                .orElseThrow(() -> new Refusal(409, "That participant has not joined yet: their kata is still the starter"));
        workspace.katas().reset(kataId);
        room.forget(participant, kataId);
        Json.send(ctx, Json.object().put("participant", participant).put("kata", kataId).put("reset", true));
    }

    private void change(Context ctx, RoomState state) {
        try {
            room.change(state);
        } catch (IllegalStateException e) {
            throw new Refusal(409, e.getMessage());
        }
        Json.send(ctx, Json.object().put("state", room.state().name()));
    }

    void exportJson(Context ctx) {
        ctx.header("Content-Disposition", "attachment; filename=\"dojo-board.json\"");
        Json.send(ctx, board.export());
    }

    void exportCsv(Context ctx) {
        ctx.header("Content-Disposition", "attachment; filename=\"dojo-board.csv\"");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.result(board.csv().getBytes(StandardCharsets.UTF_8));
    }
}
