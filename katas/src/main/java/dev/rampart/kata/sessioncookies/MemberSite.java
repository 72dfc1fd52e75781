package dev.rampart.kata.sessioncookies;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The members' area of the club's site: sign in, see your account, sign out. Who is signed in is
 * kept in a session on the server, found by the session cookie the browser sends back. Club
 * policy: a member is signed out after 15 minutes without a request, and 8 hours after signing in
 * whatever they do. {@link #app()} builds the Javalin app without starting it, so the caller picks
 * host and port; the site is served over HTTPS in production (TLS ends at the load balancer).
 */
public final class MemberSite {

    private static final String COOKIE = "SESSION";
    private static final int COOKIE_MAX_AGE = (int) Duration.ofDays(30).toSeconds();

    private static final class Session {
        volatile Member member;
        volatile Instant signedInAt;
    }

    private final Members members;
    private final Clock clock;
    private final Random random = new Random();
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
            config.routes.post("/logout", ctx -> {
                ctx.removeCookie(COOKIE, "/");
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            });
        });
    }

    private void login(Context ctx) {
        var member = members.authenticate(ctx.formParam("username"), ctx.formParam("password"));
        if (member.isEmpty()) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(loginForm("<p class=error>Wrong username or password.</p>"));
            return;
        }
        var session = session(ctx);
        session.member = member.get();
        session.signedInAt = clock.instant();
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void account(Context ctx) {
        var session = session(ctx);
        if (session.member == null) {
            ctx.redirect("/login");
            return;
        }
        ctx.html("<!doctype html><title>Your account</title><h1>Welcome back</h1>"
                + "<p>Signed in since " + session.signedInAt + "</p>"
                + "<form method=post action=/logout><button>Sign out</button></form>");
    }

    private void me(Context ctx) {
        var session = sessions.get(String.valueOf(sessionId(ctx)));
        if (session == null || session.member == null) {
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "not signed in"));
            return;
        }
        var member = session.member;
        ctx.json(Map.of("username", member.username(), "displayName", member.displayName(), "email", member.email()));
    }

    /** The visitor's session, started if they have none yet. */
    private Session session(Context ctx) {
        var id = sessionId(ctx);
        var existing = id == null ? null : sessions.get(id);
        if (existing != null) {
            return existing;
        }
        var fresh = new Session();
        var newId = HexFormat.of().toHexDigits(random.nextLong());
        sessions.put(newId, fresh);
        ctx.cookie(new Cookie(COOKIE, newId, "/", COOKIE_MAX_AGE));
        return fresh;
    }

    private static String sessionId(Context ctx) {
        var cookie = ctx.cookie(COOKIE);
        return cookie != null ? cookie : ctx.queryParam("sid");
    }

    private static String loginForm(String message) {
        return "<!doctype html><title>Sign in</title><h1>Members</h1>" + message
                + "<form method=post action=/login><input name=username autocomplete=username>"
                + "<input name=password type=password autocomplete=current-password><button>Sign in</button></form>";
    }
}
