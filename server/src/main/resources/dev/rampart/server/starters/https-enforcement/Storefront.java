package dev.rampart.kata.httpsenforcement;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;

/**
 * The shop's web app: home page, search, the customer's account, and placing orders. Customers
 * must only ever talk to it over HTTPS. {@link #app()} builds the Javalin app without starting it,
 * so the caller picks host and port.
 */
public final class Storefront {

    private final Deployment deployment;
    private final AtomicInteger orders = new AtomicInteger();

    public Storefront(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            if (!deployment.proxyAddresses().isEmpty()) {
                config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(new ForwardedRequestCustomizer()));
            }
            config.routes.before(ctx -> {
                if (!ctx.scheme().equals("https")) {
                    var query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
                    ctx.redirect("https://" + ctx.host() + ctx.path() + query, HttpStatus.MOVED_PERMANENTLY);
                }
            });
            config.routes.after(ctx -> ctx.header("Strict-Transport-Security", "max-age=86400"));
            config.routes.get("/", ctx -> ctx.html("<!doctype html><title>Shop</title><h1>Spring sale</h1>"));
            config.routes.get("/search", ctx -> ctx.json(Map.of("query", String.valueOf(ctx.queryParam("q")), "results", 0)));
            config.routes.get("/account", ctx -> ctx.html("<!doctype html><title>Your account</title><h1>Orders and addresses</h1>"));
            config.routes.post("/orders", ctx -> ctx.status(HttpStatus.CREATED).json(Map.of("order", orders.incrementAndGet())));
            config.routes.post("/account/address", ctx -> ctx.status(HttpStatus.NO_CONTENT));
        });
    }
}
