package dev.rampart.server.http;

import io.javalin.security.RouteRole;

/**
 * Who may reach a route. Everything is {@link #SIGNED_IN} unless declared otherwise: a route
 * (or WebJar, or static folder) declared without a role is treated as signed-in only.
 * Signed-in is anyone holding a credential; the workspace routes then find the caller's own
 * workspace ({@link dev.rampart.server.workspace.Workspaces}), so a principal without one (a facilitator) gets none.
 */
public enum Access implements RouteRole {
    /** The login page and its assets. */
    PUBLIC,
    /** Anyone signed in. */
    SIGNED_IN,
    /** A dojo's facilitator only: the board and what it changes. */
    FACILITATOR,
    /** An interview's interviewer only: the report. */
    INTERVIEWER
}
