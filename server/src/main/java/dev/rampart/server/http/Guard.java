package dev.rampart.server.http;

import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.OriginPolicy;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.SecurityHeaders;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Session;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one gate every request passes.
 *
 * <ol>
 *   <li>{@link #screen}, before every request (matched, 404 or static): the security headers,
 *       then the Host allowlist, so a DNS-rebinding page gets nothing, not even a 404.</li>
 *   <li>{@link #admit}, before every matched route or static file, reading the route's role:
 *       Origin on every state-changing request; then, unless the route is public, a credential:
 *       the start-up URL's {@code ?token=} (exchanged for a session cookie and dropped from the
 *       URL by a redirect), an {@code Authorization: token} header (curl), or the session
 *       cookie, which on a state-changing request must come with the CSRF header.</li>
 *   <li>{@link #upgrade}, before a WebSocket handshake: Host, Origin and a credential.</li>
 * </ol>
 */
final class Guard {

    static final String PRINCIPAL = "rampart.principal";
    private static final java.util.regex.Pattern MALFORMED_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final HostAllowlist hosts;
    private final Authenticator authenticator;
    private final SecurityLog log;

    Guard(HostAllowlist hosts, Authenticator authenticator, SecurityLog log) {
        this.hosts = hosts;
        this.authenticator = authenticator;
        this.log = log;
    }

    void screen(Context ctx) {
        SecurityHeaders.ALL.forEach(ctx::header);
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        checkHost(ctx);
        checkEscapes(ctx);
    }

    /**
     * Every {@code %} of the address must start an escape ({@code %} and two hex digits): a
     * malformed one ({@code %uff0e}, a lone {@code %}) would only fail later, deep in a handler's
     * decoding, as a 500.
     */
    private static void checkEscapes(Context ctx) {
        if (MALFORMED_ESCAPE.matcher(ctx.req().getRequestURI()).find()
                || MALFORMED_ESCAPE.matcher(Optional.ofNullable(ctx.req().getQueryString()).orElse("")).find()) {
            throw new Refusal(400, "The address has a malformed %-escape: % must be followed by two hex digits");
        }
    }

    void admit(Context ctx) {
        if (changesState(ctx)) {
            checkOrigin(ctx);
        }
        if (ctx.routeRoles().contains(Access.PUBLIC)) {
            return;
        }
        var queryToken = ctx.queryParam("token");
        if (queryToken != null && !changesState(ctx)) {
            exchange(ctx, queryToken);
            return;
        }
        var headerToken = Authenticator.authorizationToken(ctx);
        if (headerToken.isPresent()) {
            // A browser never attaches this header on its own, so another site cannot make it: no CSRF check needed.
            var principal = authenticator.verify(ctx, headerToken.get())
                    .orElseThrow(() -> new Refusal(401, "Wrong token: use the one the server printed at start-up"));
            authorize(ctx, principal);
            return;
        }
        var session = authenticator.session(ctx);
        if (session.isEmpty()) {
            signInFirst(ctx);
            return;
        }
        if (changesState(ctx)) {
            checkCsrf(ctx, session.get());
        }
        authorize(ctx, session.get().principal());
    }

    /** The principal a request was admitted for: set by {@link #admit} and {@link #upgrade} before any handler runs. */
    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new Refusal(401, "Sign in first: open the URL the server printed at start-up");
        }
        return principal;
    }

    /** A route for facilitators or interviewers admits no one else; a participant's token never grants those rights. */
    private void authorize(Context ctx, Principal principal) {
        var roles = ctx.routeRoles();
        if (roles.contains(Access.FACILITATOR) && principal.role() != Principal.Role.FACILITATOR
                || roles.contains(Access.INTERVIEWER) && principal.role() != Principal.Role.INTERVIEWER) {
            log.event("role-refused", ctx.ip(), ctx.method().name(), ctx.path(), principal.role().name());
            throw new Refusal(403, "This page is not for you: use the link you were given");
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    void upgrade(Context ctx) {
        screen(ctx);
        checkOrigin(ctx);
        var headerToken = Authenticator.authorizationToken(ctx);
        var principal = headerToken.isPresent() ? authenticator.verify(ctx, headerToken.get())
                : authenticator.session(ctx).map(Session::principal);
        if (principal.isEmpty()) {
            log.event("socket-refused", ctx.ip(), "GET", ctx.path(), "not signed in");
            throw new Refusal(401, "Sign in first: open the URL the server printed");
        }
        ctx.attribute(PRINCIPAL, principal.get());
    }

    private void checkHost(Context ctx) {
        var host = ctx.header("Host");
        if (!hosts.allows(host)) {
            log.event("host-refused", ctx.ip(), ctx.method().name(), ctx.path(), host);
            throw new Refusal(403, "This server answers only to localhost: open the URL it printed at start-up");
        }
    }

    private void checkOrigin(Context ctx) {
        var origin = Optional.ofNullable(ctx.header("Origin"));
        if (!OriginPolicy.allows(origin, Optional.ofNullable(ctx.header("Sec-Fetch-Site")), ctx.header("Host"))) {
            log.event("origin-refused", ctx.ip(), ctx.method().name(), ctx.path(), origin.orElse("Sec-Fetch-Site"));
            throw new Refusal(403, "Requests from other sites are refused");
        }
    }

    private void checkCsrf(Context ctx, Session session) {
        if (!session.csrfMatches(ctx.header(Authenticator.CSRF_HEADER))) {
            log.event("csrf-refused", ctx.ip(), ctx.method().name(), ctx.path(), "missing or wrong " + Authenticator.CSRF_HEADER);
            throw new Refusal(403, "Send the value of the rampart-csrf cookie in the " + Authenticator.CSRF_HEADER + " header");
        }
    }

    /** Swaps the start-up URL's token for a session, then reloads the page without the token in its URL. */
    private void exchange(Context ctx, String candidate) {
        var principal = authenticator.verify(ctx, candidate);
        if (principal.isEmpty()) {
            if (isApi(ctx)) {
                throw new Refusal(401, "Wrong token: use the one the server printed at start-up");
            }
            ctx.redirect("/login?failed", HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        authenticator.signIn(ctx, principal.get());
        ctx.redirect(ctx.path() + queryWithoutToken(ctx), HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }

    private void signInFirst(Context ctx) {
        if (isApi(ctx) || changesState(ctx)) {
            throw new Refusal(401, "Sign in first: open the URL the server printed at start-up");
        }
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }

    private static String queryWithoutToken(Context ctx) {
        var rest = ctx.queryParamMap().entrySet().stream()
                .filter(entry -> !entry.getKey().equals("token"))
                .flatMap(entry -> entry.getValue().stream().map(value -> encode(entry.getKey()) + "=" + encode(value)))
                .collect(Collectors.joining("&"));
        return rest.isEmpty() ? "" : "?" + rest;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/") || ctx.path().equals("/api");
    }

    private static boolean changesState(Context ctx) {
        var method = ctx.method().name();
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
