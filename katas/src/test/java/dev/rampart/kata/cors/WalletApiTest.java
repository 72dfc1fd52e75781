package dev.rampart.kata.cors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.CrossOriginFetch;
import dev.rampart.kata.support.CrossOriginFetch.Credentials;
import dev.rampart.kata.support.HttpCache;
import dev.rampart.kata.support.JsonBody;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;

/**
 * The wallet API, run for real on a free loopback port and called the way a page on another
 * origin calls it: {@link CrossOriginFetch} plays the browser's part of CORS (when a preflight is
 * needed and what it must grant, whether the request is sent, whether the page may read the
 * answer), so every verdict is the one a browser would reach from the headers the API sent. The
 * harm is then read where it lands: the victim's wallet in the answer, a transfer recorded, a
 * wallet closed.
 *
 * <p>The API's front ends are the HTTPS pages of {@code example.com}, its subdomains, and
 * {@code wallet.example.net} (a name of three labels, where an unescaped dot is a registrable
 * look-alike: {@code wallet-example.net}). The victim
 * is signed in (a {@code SameSite=None} session cookie, as a cross-site front end needs) and visits
 * the attacker's page.
 *
 * <p>Left out: homograph domains such as {@code xn--exmple-cua.com} (exämple.com) — a browser
 * sends them in punycode, which no origin check mistakes for {@code example.com}, so they are not
 * an attack on any check short of one that decodes and folds look-alike letters; the IDN cases
 * kept are the ones that really slip through (an IDN top-level domain after the trusted name).
 * Origins in upper case or with a default port ({@code https://EXAMPLE.com},
 * {@code https://example.com:443}): browsers never send them. {@code Access-Control-Allow-Origin: *}
 * with credentials: browsers refuse to combine them (the oracle's own tests show it). Private
 * network access preflights, still changing in browsers. Subdomain takeover: trusting
 * {@code *.example.com} trusts whoever controls any subdomain, which is a decision the settings
 * make, not a bug a suite can see.
 */
class WalletApiTest {

    private static final String VICTIM_SESSION = "session=v1ct1m-5e55i0n-7c2f";
    private static final Account VICTIM = new Account("alice", "alice@example.org", 1_250_000);
    private static final String FRONT_END = "https://shop.example.com";

    private static final Wallets WALLETS = new Wallets();
    private static Javalin server;
    private static LoopbackHttp http;

    /** A fresh API for every case: each case sees the app its own code built. */
    @BeforeEach
    void start() {
        server = new WalletApi(new CorsSettings(List.of("example.com", "*.example.com", "wallet.example.net")), WALLETS)
                .app().start("127.0.0.1", 0);
        http = new LoopbackHttp(server.port());
        WALLETS.open(VICTIM_SESSION.substring("session=".length()), VICTIM);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "a page on {0} reads the signed-in user's wallet")
    @PayloadFile("cors/legitimate-origins.txt")
    void frontEndsReadTheWallet(String origin) {
        var outcome = page(origin).get("/api/me", Credentials.INCLUDE);

        assertThat(outcome.readable()).as("%s: %s", origin, outcome.verdict()).isTrue();
        assertThat(outcome.body().flatMap(WalletApiTest::email)).contains(VICTIM.email());
    }

    @ParameterizedTest(name = "a front-end page sends {0} {1} and reads the answer")
    @PayloadFile("cors/legitimate-requests.txt")
    void frontEndsUseTheApi(ArgumentsAccessor request) {
        var before = WALLETS.transfers().size();
        var outcome = send(FRONT_END, request);

        assertThat(outcome.sent()).as(outcome.verdict()).isTrue();
        assertThat(outcome.readable()).as(outcome.verdict()).isTrue();
        assertThat(outcome.response().orElseThrow().statusCode()).isBetween(200, 299);
        if (request.getString(0).equals("POST")) {
            assertThat(WALLETS.transfers()).hasSize(before + 1);
        }
    }

    @Test
    void aPageOnAnUnrelatedSiteCannotReadTheWallet() {
        var outcome = page("https://evil.example").get("/api/me", Credentials.INCLUDE);

        assertThat(outcome.readable()).as(outcome.verdict()).isFalse();
    }

    @Test
    void theApiAnswersRequestsThatCarryNoOrigin() {
        var answer = http.request("GET", "/api/me").header("Cookie", VICTIM_SESSION).send();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(email(answer.body())).contains(VICTIM.email());
    }

    @Test
    void aTransferWithoutAContentTypeIsRefused() {
        var before = WALLETS.transfers().size();
        var answer = http.request("POST", "/api/transfers").header("Cookie", VICTIM_SESSION)
                .body("{\"to\": \"bob\", \"amount\": 1500}").send();

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(WALLETS.transfers()).hasSize(before);
    }

    @Test
    void theUserClosesTheWalletFromTheApisOwnSite() {
        var close = http.request("DELETE", "/api/me").header("Cookie", VICTIM_SESSION);

        assertThat(close.send().statusCode()).isEqualTo(204);
        assertThat(WALLETS.bySession(VICTIM_SESSION.substring("session=".length()))).isEmpty();
        assertThat(http.request("DELETE", "/api/me").header("Cookie", VICTIM_SESSION).send().statusCode())
                .as("closing a wallet that is already closed").isEqualTo(401);
    }

    @Test
    void aFrontEndReadsTheExchangeRates() {
        var outcome = page(FRONT_END).get("/api/rates", Credentials.OMIT);

        assertThat(outcome.readable()).as(outcome.verdict()).isTrue();
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("a page on a look-alike origin reads the victim's wallet with the victim's cookie")
    @PayloadFile("cors/look-alike-origins.txt")
    void lookAlikeReadsTheWallet(String origin) {
        var outcome = page(origin).get("/api/me", Credentials.INCLUDE);

        assertThat(outcome.body())
                .as("%s is not a front end, yet the browser hands its script the victim's wallet (%s): compare the whole"
                        + " origin — scheme, host and port — with the allowed ones, never a part of it", origin, outcome.verdict())
                .isEmpty();
    }

    @Attack("a sandboxed iframe, whose Origin is null, reads the victim's wallet")
    void nullOriginReadsTheWallet() {
        var outcome = page("null").get("/api/me", Credentials.INCLUDE);

        assertThat(outcome.body())
                .as("any site can make a request with Origin: null (a sandboxed iframe, a data: URL), and it read the"
                        + " wallet (%s): null is nobody's origin and must never be allowed", outcome.verdict())
                .isEmpty();
    }

    @Attack("a page on another site moves the victim's money, with a JSON transfer or a simple request the browser sends unasked")
    void foreignPageTransfers() {
        var made = new ArrayList<String>();
        for (var line : Payloads.load("cors/forged-transfers.txt").payloads()) {
            var cells = line.split("\t");
            var before = WALLETS.transfers().size();
            var outcome = page(cells[0]).fetch("POST", "/api/transfers", List.of(Map.entry("Content-Type", cells[1])), cells[2],
                    Credentials.INCLUDE);
            if (WALLETS.transfers().size() > before) {
                made.add(cells[0] + " with Content-Type " + cells[1] + " (" + outcome.verdict() + ")");
            }
        }

        assertThat(made)
                .as("transfers made with the victim's cookie by pages that are not front ends: a preflight must refuse JSON from"
                        + " origins not allowed, and a body of any other type (a form, text/plain) must be refused, because the"
                        + " browser sends such a \"simple\" request without asking anyone")
                .isEmpty();
    }

    @AttackFamily("script on a front-end page sends a request the API does not offer across origins")
    @PayloadFile("cors/unlisted-requests.txt")
    void preflightGrantsTooMuch(ArgumentsAccessor request) {
        var outcome = send(FRONT_END, request);

        assertThat(outcome.sent())
                .as("the preflight let %s send %s %s%s with the user's cookie (%s): a preflight answers with the methods and"
                        + " headers the front ends need, not whatever was asked for", FRONT_END, request.getString(0),
                        request.getString(1), request.size() > 2 ? " with " + request.getString(2) : "", outcome.verdict())
                .isFalse();
        assertThat(WALLETS.bySession(VICTIM_SESSION.substring("session=".length())))
                .as("the victim's wallet after the request").isPresent();
    }

    @AttackFamily("a request fills a shared cache, and the front end is then refused the exchange rates")
    @PayloadFile("cors/cache-fillers.txt")
    void cachePoisonedWithoutVary(String header, String value) {
        var cache = HttpCache.shared();
        var url = "/api/rates";
        var first = header.equalsIgnoreCase("Origin") ? Map.of("origin", value) : Map.<String, String>of();

        cache.get(url, header(first), () -> http.request("GET", url).header(header, value).send());
        var served = cache.get(url, header(Map.of("origin", FRONT_END)),
                () -> http.request("GET", url).header("Origin", FRONT_END).send());

        assertThat(CrossOriginFetch.corsCheck(served, FRONT_END, Credentials.OMIT))
                .as("the CDN replayed the answer made for a request with %s: %s to %s (Vary: %s): an answer that depends on"
                        + " Origin must say so on every answer, those to requests without an Origin or from an origin refused"
                        + " included, or one caller's answer is served to another", header, value, FRONT_END, HttpCache.varied(served))
                .isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private static CrossOriginFetch page(String origin) {
        return CrossOriginFetch.from(origin, http).withCookies(VICTIM_SESSION);
    }

    /** method TAB path [TAB a header the script sets]; a POST carries a JSON transfer. */
    private static CrossOriginFetch.Outcome send(String origin, ArgumentsAccessor request) {
        var method = request.getString(0);
        var headers = request.size() > 2 ? List.of(Map.entry(request.getString(2), headerValue(request.getString(2)))) : List.<Map.Entry<String, String>>of();
        var body = method.equals("POST") ? "{\"to\": \"bob\", \"amount\": 1500}" : "";
        return page(origin).fetch(method, request.getString(1), headers, body, Credentials.INCLUDE);
    }

    private static String headerValue(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "content-type" -> "application/json";
            case "x-http-method-override" -> "DELETE";
            case "x-forwarded-host" -> "evil.example";
            default -> "1";
        };
    }

    private static java.util.function.Function<String, Optional<String>> header(Map<String, String> headers) {
        return name -> Optional.ofNullable(headers.get(name));
    }

    private static Optional<String> email(String body) {
        return JsonBody.parse(body).map(json -> json.get("email")).filter(node -> node != null && node.isTextual()).map(n -> n.asText());
    }
}
