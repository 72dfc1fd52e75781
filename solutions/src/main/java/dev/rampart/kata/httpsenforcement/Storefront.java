package dev.rampart.kata.httpsenforcement;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shop's web app: home page, search, the customer's account, and placing orders. Customers
 * must only ever talk to it over HTTPS. {@link #app()} builds the Javalin app without starting it,
 * so the caller picks host and port.
 *
 * <p>How a request arrived is decided here, not by Jetty's {@code ForwardedRequestCustomizer},
 * which believes forwarding headers from any peer: only a configured load balancer may say
 * "this came over HTTPS", only its own entry (the last one; proxies append) counts, a
 * client's header of the kind the load balancer does not write cannot outvote it, and the
 * request line's own scheme, which the client writes, counts for nothing. The
 * redirect goes to the configured public name, never to one taken from the request, and HSTS is
 * sent only on answers that really travel over HTTPS.
 */
public final class Storefront {

    /** Two years, subdomains included: past the one-year floor of the OWASP cheat sheet and of the preload list. */
    static final String HSTS = "max-age=63072000; includeSubDomains";

    private static final Pattern QUOTED = Pattern.compile("\"(.*)\"");

    private final Deployment deployment;
    private final Set<InetAddress> loadBalancers;
    private final AtomicInteger orders = new AtomicInteger();

    public Storefront(Deployment deployment) {
        this.deployment = deployment;
        this.loadBalancers = deployment.proxyAddresses().stream().map(Storefront::address).collect(Collectors.toUnmodifiableSet());
    }

    private static InetAddress address(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("load balancer '" + literal + "' must be an IP address, not a name to look up");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("load balancer '" + literal + "' is not an IP address", e);
        }
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(ctx -> {
                if (!overHttps(ctx)) {
                    var query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
                    // 301 only where browsers repeat the same request; 308 keeps a POST a POST, with its body.
                    var status = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD
                            ? HttpStatus.MOVED_PERMANENTLY : HttpStatus.PERMANENT_REDIRECT;
                    ctx.redirect("https://" + deployment.publicHost() + ctx.path() + query, status);
                }
            });
            config.routes.after(ctx -> {
                // RFC 6797 §7.2: over plain HTTP the header is ignored and must not be sent.
                if (overHttps(ctx)) {
                    ctx.header(Header.STRICT_TRANSPORT_SECURITY, HSTS);
                }
            });
            config.routes.get("/", ctx -> ctx.html("<!doctype html><title>Shop</title><h1>Spring sale</h1>"));
            config.routes.get("/search", ctx -> ctx.json(Map.of("query", String.valueOf(ctx.queryParam("q")), "results", 0)));
            config.routes.get("/account", ctx -> ctx.html("<!doctype html><title>Your account</title><h1>Orders and addresses</h1>"));
            config.routes.post("/orders", ctx -> ctx.status(HttpStatus.CREATED).json(Map.of("order", orders.incrementAndGet())));
            config.routes.post("/account/address", ctx -> ctx.status(HttpStatus.NO_CONTENT));
        });
    }

    /**
     * A configured load balancer's own word that it received the request over HTTPS. The app's
     * connector is plain HTTP (TLS ends at the load balancer), so nothing else counts: Jetty's
     * {@code isSecure()} and {@code ctx.scheme()} come from the request line, where any client may
     * write {@code GET https://shop.example/account}.
     */
    private boolean overHttps(Context ctx) {
        return fromLoadBalancer(ctx) && loadBalancerSaysHttps(ctx);
    }

    private boolean fromLoadBalancer(Context ctx) {
        try {
            return loadBalancers.contains(InetAddress.getByName(ctx.req().getRemoteAddr()));
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    /**
     * Whether every kind of forwarding header in the request ends with an HTTPS claim: the
     * {@code proto} of the last {@code Forwarded} entry, and the last {@code X-Forwarded-Proto}.
     * A load balancer appends to the kind it writes and passes the other kind on as the client
     * sent it (a typical nginx or a cloud balancer sets X-Forwarded-Proto and forwards a client's
     * Forwarded untouched; others do the reverse), so believing one kind alone would let the
     * client's header of the other kind speak for the load balancer.
     */
    private static boolean loadBalancerSaysHttps(Context ctx) {
        var claims = new ArrayList<String>();
        lastEntry(ctx, "Forwarded").ifPresent(entry -> claims.add(parameter(entry, "proto").orElse("")));
        lastEntry(ctx, "X-Forwarded-Proto").ifPresent(claims::add);
        return !claims.isEmpty() && claims.stream().allMatch("https"::equalsIgnoreCase);
    }

    /**
     * The last comma-separated entry of the last field of that name: proxies append, so it is the
     * nearest proxy's. Commas inside quotes are not spared on purpose: a client's unterminated
     * quote must not swallow the entry the load balancer appends after it.
     */
    private static Optional<String> lastEntry(Context ctx, String header) {
        String last = null;
        for (var fields = ctx.req().getHeaders(header); fields.hasMoreElements(); ) {
            var entries = fields.nextElement().split(",", -1);
            last = entries[entries.length - 1].strip();
        }
        return Optional.ofNullable(last);
    }

    /** One {@code Forwarded} entry's parameter (RFC 7239 §4: {@code name=token} or {@code name="quoted"}, separated by {@code ;}). */
    private static Optional<String> parameter(String entry, String name) {
        for (var pair : entry.split(";")) {
            var nameAndValue = pair.split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase(name)) {
                var quoted = QUOTED.matcher(nameAndValue[1].strip());
                return Optional.of(quoted.matches() ? quoted.group(1) : nameAndValue[1].strip());
            }
        }
        return Optional.empty();
    }
}
