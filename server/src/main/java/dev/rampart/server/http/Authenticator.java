package dev.rampart.server.http;

import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Credentials;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Session;
import dev.rampart.server.security.Sessions;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who is asking: checks a presented token (throttled, logged without the token), opens a
 * session for it and sets the cookies, finds the session of a later request.
 *
 * <p>The session cookie is {@code HttpOnly} (scripts, including injected ones, cannot read it)
 * and {@code SameSite=Strict} (no other site's page can make the browser send it). Its name
 * carries the server's port because cookies ignore ports: two Rampart servers on one machine
 * must not overwrite each other's. The CSRF cookie is readable by this server's own scripts,
 * which echo it in the {@code X-CSRF-Token} header; a page on another origin can neither read
 * it nor set that header.
 */
public final class Authenticator {

    static final String CSRF_HEADER = "X-CSRF-Token";

    private final Credentials credentials;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final SecurityLog log;

    /** The single-user server: the start-up token is the learner's. */
    public Authenticator(AccessToken token, Sessions sessions, LoginThrottle throttle, SecurityLog log) {
        this(Credentials.of(token, Principal.LEARNER), sessions, throttle, log);
    }

    /** Many principals (a dojo, an interview): each token names whose it is. */
    public Authenticator(Credentials credentials, Sessions sessions, LoginThrottle throttle, SecurityLog log) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.throttle = throttle;
        this.log = log;
    }

    /**
     * Whose token {@code candidate} is, if anyone's. Counts failures per client.
     *
     * @throws Refusal 429 while the client is locked out, whatever it presents
     */
    Optional<Principal> verify(Context ctx, String candidate) {
        var client = ctx.ip();
        var wait = throttle.lockedFor(client);
        if (wait.isPresent()) {
            log.event("login-throttled", client, ctx.method().name(), ctx.path(), "locked for " + wait.get().toSeconds() + " s");
            ctx.header("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            throw new Refusal(429, "Too many wrong tokens: wait a little, then use the URL the server printed");
        }
        var principal = credentials.identify(candidate);
        if (principal.isPresent()) {
            throttle.succeeded(client);
            return principal;
        }
        throttle.failed(client);
        log.event("login-failed", client, ctx.method().name(), ctx.path(), "wrong token");
        return Optional.empty();
    }

    /** Opens a session for this browser and sets its cookies. */
    Session signIn(Context ctx, Principal principal) {
        var session = sessions.open(principal);
        ctx.res().addHeader("Set-Cookie", sessionCookie(ctx) + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.res().addHeader("Set-Cookie", csrfCookie(ctx) + "=" + session.csrfToken() + "; Path=/; SameSite=Strict");
        if (principal.role() == Principal.Role.CANDIDATE) {
            // Not a secret: tells the candidate's pages to show the time left (other servers have no such route).
            ctx.res().addHeader("Set-Cookie", "rampart-interview-" + ctx.req().getLocalPort() + "=1; Path=/; SameSite=Strict");
        }
        log.event("login", ctx.ip(), ctx.method().name(), ctx.path(), "session opened for " + principal.role());
        return session;
    }

    void signOut(Context ctx) {
        sessions.close(ctx.cookie(sessionCookie(ctx)));
        ctx.res().addHeader("Set-Cookie", sessionCookie(ctx) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.res().addHeader("Set-Cookie", csrfCookie(ctx) + "=; Path=/; Max-Age=0; SameSite=Strict");
    }

    /** Ends every session of {@code principal}: the next request of theirs must sign in again. */
    public void signOutEverywhere(Principal principal) {
        sessions.closeAll(principal);
    }

    Optional<Session> session(Context ctx) {
        return sessions.find(ctx.cookie(sessionCookie(ctx)));
    }

    /** The token from {@code Authorization: token X} (Jupyter's form) or {@code Bearer X}, if sent. */
    static Optional<String> authorizationToken(Context ctx) {
        var header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        for (var scheme : new String[] {"token ", "Bearer "}) {
            if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
                return Optional.of(header.substring(scheme.length()).strip());
            }
        }
        return Optional.empty();
    }

    static String sessionCookie(Context ctx) {
        return "rampart-session-" + ctx.req().getLocalPort();
    }

    static String csrfCookie(Context ctx) {
        return "rampart-csrf-" + ctx.req().getLocalPort();
    }
}
