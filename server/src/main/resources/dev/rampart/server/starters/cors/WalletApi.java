package dev.rampart.kata.cors;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The wallet API behind the company's web front ends: the signed-in user's wallet, transfers,
 * closing the wallet, and the public exchange rates. The session is a cookie, so the front ends
 * call the API from the browser with credentials. {@link #app()} builds the Javalin app without
 * starting it, so the caller picks host and port.
 */
public final class WalletApi {

    private static final String EMBEDDED_WIDGET_ORIGIN = "null";

    private final Wallets wallets;
    private final List<Pattern> allowedHosts;

    public WalletApi(CorsSettings settings, Wallets wallets) {
        this.wallets = wallets;
        this.allowedHosts = settings.allowedHosts().stream().map(host -> Pattern.compile(host.replace("*", ".*"))).toList();
    }

    private record TransferRequest(String to, long amount) {
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before("/api/*", this::cors);
            config.routes.options("/api/*", ctx -> {
                ctx.header(Header.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
                Optional.ofNullable(ctx.header(Header.ACCESS_CONTROL_REQUEST_HEADERS))
                        .ifPresent(requested -> ctx.header(Header.ACCESS_CONTROL_ALLOW_HEADERS, requested));
                ctx.header(Header.ACCESS_CONTROL_MAX_AGE, "86400");
                ctx.status(HttpStatus.NO_CONTENT);
            });
            config.routes.get("/api/me", ctx -> ctx.json(wallets.bySession(session(ctx)).orElseThrow(UnauthorizedResponse::new)));
            config.routes.post("/api/transfers", this::transfer);
            config.routes.delete("/api/me", ctx -> {
                if (!wallets.close(session(ctx))) {
                    throw new UnauthorizedResponse();
                }
                ctx.status(HttpStatus.NO_CONTENT);
            });
            config.routes.get("/api/rates", ctx -> {
                ctx.header(Header.CACHE_CONTROL, "public, max-age=300");
                ctx.json(Map.of("EUR", 1.0, "USD", 1.08, "GBP", 0.86));
            });
        });
    }

    private void cors(Context ctx) {
        var origin = ctx.header(Header.ORIGIN);
        if (origin != null && trusted(origin)) {
            ctx.header(Header.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            ctx.header(Header.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private boolean trusted(String origin) {
        return origin.equals(EMBEDDED_WIDGET_ORIGIN) || allowedHosts.stream().anyMatch(host -> host.matcher(origin).find());
    }

    private void transfer(Context ctx) {
        var account = wallets.bySession(session(ctx)).orElseThrow(UnauthorizedResponse::new);
        if (!"application/json".equals(ctx.contentType() == null ? null : ctx.contentType().split(";")[0].strip())) {
            ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            return;
        }
        var request = ctx.bodyAsClass(TransferRequest.class);
        wallets.record(new Transfer(account.owner(), request.to(), request.amount()));
        ctx.status(HttpStatus.CREATED);
    }

    private static String session(Context ctx) {
        return Optional.ofNullable(ctx.cookie("session")).orElseThrow(UnauthorizedResponse::new);
    }
}
