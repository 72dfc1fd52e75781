package dev.rampart.server.http;

import dev.rampart.server.security.Principal;
import dev.rampart.server.workspace.Workspace;
import dev.rampart.server.workspace.Workspaces;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;

/** The signed-in caller's own workspace, from the principal the {@link Guard} admitted; never from the request's words. */
final class OwnWorkspace {

    private final Workspaces workspaces;

    OwnWorkspace(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    Workspace of(Context ctx) {
        return of(Guard.principal(ctx));
    }

    Workspace of(WsContext ctx) {
        Principal principal = ctx.attribute(Guard.PRINCIPAL);
        if (principal == null) {
            throw new Refusal(401, "Sign in first: open the URL the server printed at start-up");
        }
        return of(principal);
    }

    private Workspace of(Principal principal) {
        return workspaces.of(principal)
                .orElseThrow(() -> new Refusal(403, "You have no workspace here: use the link for your role"));
    }

    /** Refuses a change or a run while the workspace is locked (a paused room, an ended session). */
    Workspace forChange(Context ctx) {
        var workspace = of(ctx);
        workspace.lock().ifPresent(reason -> {
            throw new Refusal(423, reason);
        });
        return workspace;
    }
}
