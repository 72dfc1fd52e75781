package dev.rampart.kata.httpsenforcement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.Redirect;
import dev.rampart.kata.support.StrictTransportSecurity;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;

/**
 * The shop, run for real on loopback twice, as it is deployed: behind a load balancer that
 * terminates TLS and forwards over plain HTTP ({@code behindProxy}: the test plays the load
 * balancer, at 127.0.0.1), and reached directly by someone who is not the load balancer
 * ({@code direct}: the load balancer is at 10.0.0.5, so every request the test sends comes from an
 * untrusted peer). Redirects are followed as a browser follows them ({@link Redirect}: where the
 * {@code Location} really leads, which method the browser repeats), HSTS is read as a browser
 * reads it ({@link StrictTransportSecurity}, RFC 6797).
 *
 * <p>Left out: the X-Forwarded-For client address (it changes nothing about transport security;
 * rate limits and logs are other katas' business); header names Jetty ignores
 * ({@code X-Forwarded-Ssl}, {@code Front-End-Https}, {@code X-Url-Scheme}): sending them proves
 * nothing about the app; CR/LF injected into the {@code Location} (Jetty refuses such header
 * values, and request lines cannot carry them); the HSTS preload list (a submission to browser
 * vendors, not something a response can be tested for beyond {@code preload} and the
 * one-year floor); real TLS on the app's own connector (the deployment terminates TLS at the load
 * balancer; {@code isSecure()} is still honoured by the solution).
 */
class StorefrontTest {

    private static final String SHOP = "shop.example";
    private static final String LOAD_BALANCER = "127.0.0.1";

    private static Javalin behindProxy;
    private static Javalin direct;
    /** Requests from the load balancer, which the app must trust. */
    private static LoopbackHttp proxy;
    /** Requests from anyone else, straight to the app. */
    private static LoopbackHttp stranger;

    @BeforeAll
    static void start() {
        behindProxy = new Storefront(new Deployment(SHOP, Set.of(LOAD_BALANCER))).app().start("127.0.0.1", 0);
        direct = new Storefront(new Deployment(SHOP, Set.of("10.0.0.5"))).app().start("127.0.0.1", 0);
        proxy = new LoopbackHttp(behindProxy.port());
        stranger = new LoopbackHttp(direct.port());
    }

    @AfterAll
    static void stop() {
        behindProxy.stop();
        direct.stop();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "plain-HTTP {0} {1} is sent to the same page over HTTPS")
    @PayloadFile("https-enforcement/legitimate-plain-requests.txt")
    void plainHttpIsRedirected(String method, String path) {
        var answer = stranger.request(method, path).header("Host", SHOP).send();
        var redirect = Redirect.of(answer, URI.create("http://" + SHOP + path));

        assertThat(redirect).as("%s %s over plain HTTP answered %d", method, path, answer.statusCode()).isPresent();
        assertThat(redirect.get().target()).contains(URI.create("https://" + SHOP + path));
        assertThat(redirect.get().methodAfter(method)).isEqualTo(method);
    }

    @ParameterizedTest(name = "Host: {0} is redirected to https://shop.example")
    @PayloadFile("https-enforcement/legitimate-hosts.txt")
    void theShopsOwnNameIsRedirected(String host) {
        var answer = stranger.request("GET", "/account").header("Host", host).send();

        assertThat(Redirect.of(answer, URI.create("http://" + host + "/account")).map(Redirect::targetOrigin))
                .contains("https://" + SHOP);
    }

    @ParameterizedTest(name = "the load balancer forwards HTTPS with {arguments}, and the page is served")
    @PayloadFile("https-enforcement/legitimate-forwarded.txt")
    void httpsFromTheLoadBalancerIsServed(ArgumentsAccessor line) {
        var answer = proxy.request("GET", "/account").header("Host", SHOP).headers(headers(line)).send();

        assertThat(answer.statusCode()).as("the shop's answer to a request that came in over HTTPS").isEqualTo(200);
        assertThat(StrictTransportSecurity.of(answer)).isPresent();
    }

    @ParameterizedTest(name = "the load balancer forwards plain HTTP with {arguments}, and it is sent to HTTPS")
    @PayloadFile("https-enforcement/legitimate-forwarded-plain.txt")
    void plainHttpFromTheLoadBalancerIsRedirected(ArgumentsAccessor line) {
        var answer = proxy.request("GET", "/account").header("Host", SHOP).headers(headers(line)).send();

        assertThat(Redirect.of(answer, URI.create("http://" + SHOP + "/account")).flatMap(Redirect::target))
                .as("the load balancer said %s, and the app answered %d", show(headers(line)), answer.statusCode())
                .contains(URI.create("https://" + SHOP + "/account"));
    }

    @ParameterizedTest(name = "{0} {1} over HTTPS answers {2}")
    @PayloadFile("https-enforcement/legitimate-https-requests.txt")
    void httpsRequestsWork(String method, String path, int status) {
        var answer = overHttps(method, path);

        assertThat(answer.statusCode()).isEqualTo(status);
    }

    @Test
    void httpsAnswersCarryHsts() {
        assertThat(StrictTransportSecurity.of(overHttps("GET", "/"))).isPresent();
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("a forged host header turns the HTTPS redirect into a redirect to the attacker's site")
    @PayloadFile("https-enforcement/host-headers.txt")
    void openRedirectThroughHost(String header, String value) {
        var request = stranger.request("GET", "/account");
        if (!header.equalsIgnoreCase("Host")) {
            request.header("Host", SHOP);
        }
        var answer = request.header(header, value).send();
        var redirect = Redirect.of(answer, URI.create("http://" + SHOP + "/account"));

        if (redirect.isEmpty()) {
            assertThat(answer.statusCode())
                    .as("GET /account over plain HTTP with %s: %s answered %d: redirect to the shop, or refuse the name", header,
                            value, answer.statusCode())
                    .isBetween(400, 499);
            return;
        }
        assertThat(redirect.get().targetOrigin())
                .as("%s: %s sends the customer to %s (Location: %s); a link with this header (or a poisoned cache) becomes"
                        + " a phishing redirect: build the target from the shop's configured name, and compare names whole,"
                        + " never by how they start or end", header, value, redirect.get().targetOrigin(), redirect.get().location())
                .isEqualTo("https://" + SHOP);
    }

    @Attack("through the load balancer, the client's own X-Forwarded-Host still picks where the HTTPS redirect goes")
    void openRedirectThroughTheLoadBalancer() {
        var answer = proxy.request("GET", "/account").header("Host", SHOP)
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Host", "evil.example").send();
        var redirect = Redirect.of(answer, URI.create("http://" + SHOP + "/account"));

        assertThat(redirect.map(Redirect::targetOrigin))
                .as("the load balancer passed the client's X-Forwarded-Host on, and the redirect followed it")
                .contains("https://" + SHOP);
    }

    @AttackFamily("a client that is not the load balancer claims HTTPS and is served over plain HTTP")
    @PayloadFile("https-enforcement/spoofed-proto.txt")
    void spoofedProtoServedInClear(String header, String value) {
        var answer = stranger.request("GET", "/account").header("Host", SHOP).header(header, value).send();

        assertRedirectedWithoutHsts(answer, "a request from %s (not a load balancer) with %s: %s".formatted(LOAD_BALANCER, header, value));
    }

    @AttackFamily("a client that is not the load balancer gives the load balancer's address as its own and claims HTTPS")
    @PayloadFile("https-enforcement/impersonated-proxy.txt")
    void impersonatedLoadBalancer(ArgumentsAccessor line) {
        var headers = headers(line);
        var answer = stranger.request("GET", "/account").header("Host", SHOP).headers(headers).send();

        assertRedirectedWithoutHsts(answer, "a request from %s that says %s".formatted(LOAD_BALANCER, show(headers))
                + " (10.0.0.5 is the load balancer; a header naming it proves nothing: the peer is the socket's address)");
    }

    @AttackFamily("a client puts its own forwarding claim first, and the load balancer's true one is ignored")
    @PayloadFile("https-enforcement/forwarded-chains.txt")
    void forgedFirstHopWins(ArgumentsAccessor line) {
        var headers = headers(line);
        var answer = proxy.request("GET", "/account").header("Host", SHOP).headers(headers).send();

        assertThat(servedInClear(answer))
                .as("the load balancer appended that it received plain HTTP (%s), but the app believed the client's part and"
                        + " answered %d: proxies append, to the last field of that name, so the last entry of all is the one the"
                        + " load balancer wrote", show(headers), answer.statusCode())
                .isFalse();
    }

    @Attack("through the load balancer, a client's forwarding header hides or empties the load balancer's own entry")
    void loadBalancersEntryHidden() {
        assertThat(servedInClear("https-enforcement/hidden-entries.txt"))
                .as("the app found the client's proto=https where the load balancer's entry should have been: an entry the"
                        + " load balancer wrote without proto, or swallowed by the client's unterminated quote, is no HTTPS claim")
                .isEmpty();
    }

    @Attack("through the load balancer, a client sends the kind of forwarding header the load balancer does not write, claiming HTTPS")
    void otherKindOfForwardingHeader() {
        assertThat(servedInClear("https-enforcement/mixed-forwarding.txt"))
                .as("a load balancer writes one kind of header and passes the other on as the client sent it: the app believed"
                        + " the client's kind over the load balancer's plain-HTTP claim; HTTPS only when every forwarding header"
                        + " present says so")
                .isEmpty();
    }

    @AttackFamily("a client writes an https:// URL on the request line of a plain-HTTP request")
    @PayloadFile("https-enforcement/absolute-form.txt")
    void schemeFromTheRequestLine(String target) {
        var answer = stranger.request("GET", target).header("Host", SHOP).send();

        assertRedirectedWithoutHsts(answer, "GET %s over plain HTTP from %s".formatted(target, LOAD_BALANCER)
                + " (the request line is the client's: isSecure() and ctx.scheme() read its scheme, not the connection's)");
    }

    @AttackFamily("a form posted over plain HTTP is redirected so that the browser repeats it as a GET without its data")
    @PayloadFile("https-enforcement/post-requests.txt")
    void postTurnedIntoGet(String path) {
        var answer = stranger.request("POST", path).header("Host", SHOP)
                .header("Content-Type", "application/x-www-form-urlencoded").body("item=42&quantity=1").send();
        var redirect = Redirect.of(answer, URI.create("http://" + SHOP + path));

        assertThat(redirect).as("POST %s over plain HTTP answered %d", path, answer.statusCode()).isPresent();
        assertThat(redirect.get().methodAfter("POST"))
                .as("after a %d the browser sends GET %s without the form: what the customer submitted silently vanishes (307 and 308"
                        + " keep the method and the body)", redirect.get().status(), path)
                .isEqualTo("POST");
        assertThat(redirect.get().keepsBody("POST")).as("the browser re-sends the form data").isTrue();
    }

    @AttackFamily("an HTTPS answer sets a Strict-Transport-Security policy too weak to stop SSL stripping")
    @PayloadFile("https-enforcement/hsts-requests.txt")
    void weakHsts(String method, String path) {
        var answer = overHttps(method, path);
        var hsts = StrictTransportSecurity.of(answer);

        assertThat(hsts).as("%s %s over HTTPS: Strict-Transport-Security %s", method, path,
                answer.headers().firstValue("Strict-Transport-Security").orElse("(none)")).isPresent();
        assertThat(hsts.get().maxAge())
                .as("the browser forgets the rule after %s: the next visit typed as shop.example starts over plain HTTP,"
                        + " where an attacker on the network can keep it", hsts.get().maxAge())
                .isGreaterThanOrEqualTo(StrictTransportSecurity.ONE_YEAR);
        assertThat(hsts.get().includeSubDomains())
                .as("without includeSubDomains, http://login.shop.example is open to stripping, and cookies scoped to the"
                        + " parent domain go with it")
                .isTrue();
    }

    @Attack("a plain-HTTP answer carries Strict-Transport-Security, which only an HTTPS answer may set")
    void hstsOverPlainHttp() {
        var answer = stranger.request("GET", "/").header("Host", SHOP).send();

        assertThat(StrictTransportSecurity.onPlainHttp(answer))
                .as("RFC 6797 §7.2 forbids it and browsers ignore it (an attacker on the path can rewrite it): sending it"
                        + " here means the app does not know which of its answers went over TLS")
                .isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private static void assertRedirectedWithoutHsts(HttpResponse<String> answer, String request) {
        assertThat(servedInClear(answer))
                .as("%s was answered %d over plain HTTP: only the configured load balancers may say how a request arrived",
                        request, answer.statusCode())
                .isFalse();
        assertThat(StrictTransportSecurity.onPlainHttp(answer))
                .as("%s got Strict-Transport-Security on a plain-HTTP answer: the header was decided by the client's claim,"
                        + " not by how the request arrived", request)
                .isFalse();
    }

    /** An answer to a plain-HTTP GET /account that is neither the redirect to the shop over HTTPS nor a refusal. */
    private static boolean servedInClear(HttpResponse<String> answer) {
        var redirect = Redirect.of(answer, URI.create("http://" + SHOP + "/account"));
        var toHttps = redirect.map(Redirect::targetOrigin).filter(("https://" + SHOP)::equals).isPresent();
        var refused = answer.statusCode() >= 400 && answer.statusCode() < 500;
        return !toHttps && !refused;
    }

    /** Each line of {@code resource} (header TAB value pairs) sent through the load balancer: the ones served over plain HTTP. */
    private static List<String> servedInClear(String resource) {
        var served = new ArrayList<String>();
        for (var line : Payloads.load(resource).payloads()) {
            var headers = headers(line.split("\t", -1));
            var answer = proxy.request("GET", "/account").header("Host", SHOP).headers(headers).send();
            if (servedInClear(answer)) {
                served.add(show(headers) + " answered " + answer.statusCode());
            }
        }
        return served;
    }

    /** A payload line of header TAB value pairs, in order (a name may repeat: two fields of that name). */
    private static List<Map.Entry<String, String>> headers(ArgumentsAccessor line) {
        return headers(line.toArray());
    }

    private static List<Map.Entry<String, String>> headers(Object[] cells) {
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (var i = 0; i + 1 < cells.length; i += 2) {
            headers.add(Map.entry(String.valueOf(cells[i]), String.valueOf(cells[i + 1])));
        }
        return headers;
    }

    private static String show(List<Map.Entry<String, String>> headers) {
        return headers.stream().map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining(" + "));
    }

    /** A request the load balancer forwards after receiving it over HTTPS. */
    private static HttpResponse<String> overHttps(String method, String path) {
        var request = proxy.request(method, path).header("Host", SHOP).header("X-Forwarded-Proto", "https");
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded").body("item=42&quantity=1");
        }
        return request.send();
    }
}
