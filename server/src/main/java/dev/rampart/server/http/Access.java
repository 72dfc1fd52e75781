package dev.rampart.server.http;

import io.javalin.security.RouteRole;

/**
 * Who may reach a route. Everything is {@link #SIGNED_IN} unless declared {@link #PUBLIC}: a
 * route (or WebJar, or static folder) declared without a role is treated as signed-in only.
 */
enum Access implements RouteRole {
    /** The login page and its assets. */
    PUBLIC,
    /** Everything else. */
    SIGNED_IN
}
