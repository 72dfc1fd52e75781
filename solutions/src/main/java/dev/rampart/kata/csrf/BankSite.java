package dev.rampart.kata.csrf;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's web site: a customer signs in, sees the account, changes the e-mail address, sends
 * money with a form or the page's quick-pay button (which posts JSON), pays a recent payee again,
 * and signs out. The session is a cookie. {@link #app()} builds the Javalin app without starting
 * it, so the caller picks host and port.
 *
 * <p>Cross-site request forgery is refused in two layers (the OWASP CSRF Prevention Cheat Sheet's
 * synchronizer token pattern, with Fetch Metadata and Origin as defence in depth):
 * <ul>
 *   <li>every session gets its own random token, kept on the server beside the session; every
 *       request that changes state must carry it in the form field {@code csrf} or the header
 *       {@code X-CSRF-Token}, never in the URL, where it would leak into history, logs and
 *       {@code Referer}; it dies with the session;</li>
 *   <li>a browser that says where a request comes from ({@code Sec-Fetch-Site}, else
 *       {@code Origin}) must say "this very origin"; that also guards the sign-in form, which
 *       has no session yet.</li>
 * </ul>
 * GET never changes anything, and the method override only turns a POST into PUT or DELETE.
 */
public final class BankSite {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final String TOKEN_FIELD = "csrf";
    static final String TOKEN_HEADER = "X-CSRF-Token";

    private final Bank bank;
    /** Session id (the cookie's value) to the customer signed in with it and the session's token. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public BankSite(Bank bank) {
        this.bank = bank;
    }

    private record Session(String owner, String csrfToken) {
    }

    private record QuickPay(String to, long amount) {
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // HTML forms send only GET and POST: a POST's _method field may name PUT or DELETE. A GET stays a GET.
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter((Filter) (request, response, chain) -> {
                var http = (HttpServletRequest) request;
                var method = http.getMethod().equals("POST") ? http.getParameter("_method") : null;
                var override = method == null ? null : method.toUpperCase(Locale.ROOT);
                chain.doFilter(override == null || !Set.of("PUT", "DELETE").contains(override) ? request : new HttpServletRequestWrapper(http) {
                    @Override
                    public String getMethod() {
                        return override;
                    }
                }, response);
            }, "/*", EnumSet.of(DispatcherType.REQUEST)));

            config.routes.before(this::refuseForgeries);
            config.routes.get("/", ctx -> ctx.redirect("/account", HttpStatus.SEE_OTHER));
            config.routes.get("/login", ctx -> ctx.html(Pages.login(false)));
            config.routes.post("/login", this::login);
            config.routes.get("/account", this::account);
            config.routes.put("/account/email", ctx -> {
                bank.changeEmail(session(ctx).owner(), param(ctx, "email"));
                ctx.redirect("/account", HttpStatus.SEE_OTHER);
            });
            config.routes.post("/transfers", this::transfer);
            config.routes.post("/api/transfers", ctx -> {
                if (!"application/json".equalsIgnoreCase(Optional.ofNullable(ctx.contentType()).map(t -> t.split(";")[0].strip()).orElse(""))) {
                    ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
                    return;
                }
                var pay = ctx.bodyAsClass(QuickPay.class);
                ctx.status(bank.transfer(session(ctx).owner(), pay.to(), pay.amount()) ? HttpStatus.CREATED : HttpStatus.UNPROCESSABLE_CONTENT);
            });
            config.routes.post("/logout", ctx -> {
                Optional.ofNullable(ctx.cookie("session")).ifPresent(sessions::remove);
                ctx.header("Set-Cookie", "session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            });
            config.routes.exception(SignedOut.class, (e, ctx) -> {
                if (ctx.method().name().equals("GET")) {
                    ctx.redirect("/login", HttpStatus.SEE_OTHER);
                } else {
                    ctx.status(HttpStatus.UNAUTHORIZED);
                }
            });
        });
    }

    /** Runs before every route: a request that may change state must come from this site's own pages. */
    private void refuseForgeries(Context ctx) {
        if (SAFE_METHODS.contains(ctx.method().name())) {
            return;
        }
        if (!fromThisOrigin(ctx)) {
            throw new ForbiddenResponse("Cross-site request refused");
        }
        if (ctx.path().equals("/login")) {
            return;
        }
        if (ctx.queryParam(TOKEN_FIELD) != null) {
            throw new ForbiddenResponse("The token belongs in the body or a header, never in the URL");
        }
        var session = Optional.ofNullable(ctx.cookie("session")).map(sessions::get).orElseThrow(SignedOut::new);
        var sent = Optional.ofNullable(ctx.header(TOKEN_HEADER)).orElseGet(() -> param(ctx, TOKEN_FIELD));
        if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("Missing or wrong CSRF token");
        }
    }

    /**
     * Fetch Metadata first (every current browser sends it), then Origin; a request carrying
     * neither (an old browser, a script outside any browser) is left to the token.
     */
    private static boolean fromThisOrigin(Context ctx) {
        var site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        var origin = ctx.header("Origin");
        return origin == null || origin.equals(ctx.scheme() + "://" + ctx.host());
    }

    private void login(Context ctx) {
        var owner = param(ctx, "username");
        if (owner == null || !bank.passwordMatches(owner, param(ctx, "password"))) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(Pages.login(true));
            return;
        }
        var id = newSecret();
        sessions.put(id, new Session(owner, newSecret()));
        ctx.header("Set-Cookie", "session=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void account(Context ctx) {
        var session = session(ctx);
        var recent = bank.transfers().stream().filter(t -> t.from().equals(session.owner())).toList();
        ctx.html(Pages.account(bank.account(session.owner()).orElseThrow(), recent, session.csrfToken()));
    }

    private void transfer(Context ctx) {
        long amount;
        try {
            amount = Long.parseLong(param(ctx, "amount"));
        } catch (NumberFormatException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            return;
        }
        if (!bank.transfer(session(ctx).owner(), param(ctx, "to"), amount)) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private Session session(Context ctx) {
        return Optional.ofNullable(ctx.cookie("session")).map(sessions::get).orElseThrow(SignedOut::new);
    }

    private static String param(Context ctx, String name) {
        return ctx.req().getParameter(name);
    }

    /** 32 bytes from SecureRandom: a session id or a CSRF token nobody can guess. */
    private static String newSecret() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final class SignedOut extends RuntimeException {
        SignedOut() {
            super(null, null, false, false);
        }
    }
}
