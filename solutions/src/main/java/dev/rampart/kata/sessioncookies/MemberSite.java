package dev.rampart.kata.sessioncookies;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members' area of the club's site: sign in, see your account, sign out. Who is signed in is
 * kept in a session on the server, found by the session cookie the browser sends back. Club
 * policy: a member is signed out after 15 minutes without a request, and 8 hours after signing in
 * whatever they do. {@link #app()} builds the Javalin app without starting it, so the caller picks
 * host and port; the site is served over HTTPS in production (TLS ends at the load balancer).
 *
 * <p>The server owns the session: the id is 256 bits from {@link SecureRandom}, it is replaced
 * when the member signs in (an id someone planted before then opens nothing), both timeouts are
 * checked here against the injected {@link Clock} (a cookie's lifetime is the browser's business
 * and binds no attacker), and signing out deletes the session before the cookie. The cookie is
 * {@code __Host-} prefixed (only a secure, host-only, {@code Path=/} cookie may carry that name,
 * so no subdomain or plain-HTTP page can plant or overwrite it), {@code HttpOnly},
 * {@code Secure}, {@code SameSite=Lax}, and has no {@code Max-Age}: it ends with the browser.
 * The id is read from that cookie only, never from the URL.
 */
public final class MemberSite {

    private static final String COOKIE = "__Host-session";
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(8);
    private static final int ID_BYTES = 32;

    private static final class Session {
        final String id;
        final Instant startedAt;
        volatile Instant lastSeen;
        volatile Member member;

        Session(String id, Instant now) {
            this.id = id;
            this.startedAt = now;
            this.lastSeen = now;
        }
    }

    private final Members members;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public MemberSite(Members members, Clock clock) {
        this.members = members;
        this.clock = clock;
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.redirect("/account"));
            config.routes.get("/login", ctx -> {
                session(ctx);
                ctx.html(loginForm(""));
            });
            config.routes.post("/login", this::login);
            config.routes.get("/account", this::account);
            config.routes.get("/api/me", this::me);
            config.routes.post("/logout", this::logout);
        });
    }

    private void login(Context ctx) {
        var member = members.authenticate(ctx.formParam("username"), ctx.formParam("password"));
        if (member.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(loginForm("<p class=error>Wrong username or password.</p>"));
            return;
        }
        // A new session under a new id: the one the browser came with (perhaps planted) dies here.
        var before = current(ctx);
        var session = start(ctx);
        if (before != null) {
            sessions.remove(before.id);
        }
        session.member = member.get();
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void account(Context ctx) {
        var session = session(ctx);
        if (session.member == null) {
            ctx.redirect("/login");
            return;
        }
        ctx.html("<!doctype html><title>Your account</title><h1>Welcome back</h1>"
                + "<p>Signed in since " + session.startedAt + "</p>"
                + "<form method=post action=/logout><button>Sign out</button></form>");
    }

    private void me(Context ctx) {
        var session = current(ctx);
        if (session == null || session.member == null) {
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "not signed in"));
            return;
        }
        var member = session.member;
        ctx.json(Map.of("username", member.username(), "displayName", member.displayName(), "email", member.email()));
    }

    private void logout(Context ctx) {
        var session = current(ctx);
        if (session != null) {
            sessions.remove(session.id);
        }
        ctx.cookie(cookie("", 0));
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    /** The visitor's live session, started if they have none. */
    private Session session(Context ctx) {
        var existing = current(ctx);
        return existing != null ? existing : start(ctx);
    }

    /**
     * The session the cookie names, if the server issued it and it has not timed out; a request
     * that finds it counts as activity. An expired session is deleted, never revived.
     */
    private Session current(Context ctx) {
        var id = ctx.cookie(COOKIE);
        var session = id == null ? null : sessions.get(id);
        if (session == null) {
            return null;
        }
        var now = clock.instant();
        if (!now.isBefore(session.lastSeen.plus(IDLE_TIMEOUT)) || !now.isBefore(session.startedAt.plus(ABSOLUTE_TIMEOUT))) {
            sessions.remove(session.id);
            return null;
        }
        session.lastSeen = now;
        return session;
    }

    private Session start(Context ctx) {
        var bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        var session = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), clock.instant());
        sessions.put(session.id, session);
        ctx.cookie(cookie(session.id, -1));
        return session;
    }

    /** The session cookie; a negative max-age sends none, so the cookie ends with the browser. */
    private static Cookie cookie(String value, int maxAge) {
        return new Cookie(COOKIE, value, "/", maxAge, true, true, null, SameSite.LAX);
    }

    private static String loginForm(String message) {
        return "<!doctype html><title>Sign in</title><h1>Members</h1>" + message
                + "<form method=post action=/login><input name=username autocomplete=username>"
                + "<input name=password type=password autocomplete=current-password><button>Sign in</button></form>";
    }
}
