package dev.rampart.kata.cors;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * The wallet API behind the company's web front ends: the signed-in user's wallet, transfers,
 * closing the wallet, and the public exchange rates. The session is a cookie, so the front ends
 * call the API from the browser with credentials. {@link #app()} builds the Javalin app without
 * starting it, so the caller picks host and port.
 *
 * <p>CORS is Jetty's {@link CrossOriginHandler}, which implements the Fetch standard's side of the
 * protocol: it grants an origin only when a pattern matches the <em>whole</em> Origin header,
 * answers preflights with fixed lists of methods and headers instead of echoing what was asked,
 * and sends {@code Vary: Origin} on every answer so no cache hands one origin's answer to another.
 */
public final class WalletApi {

    /** DNS labels: letters, digits, inner hyphens. */
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    /** What the settings may list: a host name, or {@code *.} and a host name; no scheme, port or path. */
    private static final Pattern HOST_ENTRY = Pattern.compile("(?:\\*\\.)?(?:" + LABEL + "\\.)*" + LABEL);

    private final Wallets wallets;
    private final Set<String> originPatterns;

    public WalletApi(CorsSettings settings, Wallets wallets) {
        this.wallets = wallets;
        this.originPatterns = settings.allowedHosts().stream().map(WalletApi::originPattern).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The regular expression for one allowed host's HTTPS origin. The host is quoted, so its dots
     * are dots; {@code *.} becomes one or more whole labels; no port (443 is never written in an
     * Origin) and no {@code http:}, whose pages anyone on the network can rewrite. The handler
     * matches the whole header, so nothing can be added before or after.
     */
    private static String originPattern(String host) {
        var name = host.strip().toLowerCase(Locale.ROOT);
        if (!HOST_ENTRY.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or *.host name: list the front ends' host names,"
                    + " such as example.com or *.example.com");
        }
        return name.startsWith("*.")
                ? "https://(?:" + LABEL + "\\.)+" + Pattern.quote(name.substring(2))
                : "https://" + Pattern.quote(name);
    }

    private record TransferRequest(String to, long amount) {
    }

    /** The configured app, not started. */
    public Javalin app() {
        var cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(originPatterns);
        cors.setAllowCredentials(true);
        // What the front ends use: reading with GET, JSON transfers with POST. Closing a wallet stays same-origin.
        cors.setAllowedMethods(Set.of("GET", "POST"));
        cors.setAllowedHeaders(Set.of("Content-Type"));
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.modifyServletContextHandler(handler -> handler.insertHandler(cors));
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

    private void transfer(Context ctx) {
        var account = wallets.bySession(session(ctx)).orElseThrow(UnauthorizedResponse::new);
        // JSON only: a form or text/plain POST is a "simple" request the browser sends without asking first.
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
