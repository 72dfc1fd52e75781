package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.HeaderAudit;
import dev.rampart.server.security.SecurityHeaders;
import java.net.http.HttpResponse;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every response carries the security headers: pages, static files, JSON, redirects, and every
 * kind of error, including the ones Jetty answers before the app sees the request. Without
 * them, an injected script could run (no CSP), the page could be framed for clickjacking, a
 * JSON body could be sniffed as HTML, and the token-bearing URL could leak in a Referer. Each
 * response is judged by the security-headers kata's own oracle ({@link HeaderAudit}), the one
 * its attack suite uses, and then checked for the exact values the server promises.
 */
@WithTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersTest {

    final TestServer server;
    final Browser browser;

    SecurityHeadersTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    @BeforeAll
    void prepare() {
        server.kernels.failure = new IllegalStateException("boom");
    }

    Stream<Arguments> responses() {
        return Stream.of(
                case_("the login page", s -> s.get("/login"), 200),
                case_("a public static file", s -> s.get("/public/rampart.css"), 200),
                case_("a signed-in static page", s -> s.send(browser.request("/index.html")), 200),
                case_("a signed-in script", s -> s.send(browser.request("/lessons.js")), 200),
                case_("a library from a WebJar", s -> s.send(browser.request(WebJars.path("dompurify", "dist/purify.min.js"))), 200),
                case_("API JSON", s -> browser.get("/api/contents/notebooks/lesson.ipynb"), 200),
                case_("the start-up redirect", s -> s.get("/?token=" + s.token.reveal()), 303),
                case_("a redirect to the login page", s -> s.get("/"), 303),
                case_("401 without the token", s -> s.get("/api/contents"), 401),
                case_("403 for a foreign Host", s -> s.send(s.request("/login").header("Host", "evil.example")), 403),
                case_("404 for an unknown path", s -> s.get("/no/such/page"), 404),
                case_("404 for an unknown API path, signed in", s -> browser.get("/api/nothing-here"), 404),
                case_("404 for a missing notebook", s -> browser.get("/api/contents/notebooks/missing.ipynb"), 404),
                case_("400 from Jetty for an ambiguous URI", s -> s.get("/%2e%2e/etc/passwd"), 400),
                case_("431 from Jetty for oversized headers", s -> s.send(s.request("/login").header("X-Big", "x".repeat(20_000))), 431),
                case_("413 for an oversized body", s -> browser.post("/api/kernels", "x".repeat(2 << 20)), 413),
                case_("500 for a server failure", s -> browser.post("/api/kernels", "{}"), 500),
                case_("404 for a method no route takes", s -> s.send(browser.request("/api/kernelspecs").DELETE()), 404));
    }

    private static Arguments case_(String name, Function<TestServer, HttpResponse<String>> call, int status) {
        return Arguments.of(name, call, status);
    }

    @ParameterizedTest(name = "{0} carries the security headers")
    @MethodSource("responses")
    void everyResponseCarriesTheHeaders(String name, Function<TestServer, HttpResponse<String>> call, int status) {
        var response = call.apply(server);

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        // The security-headers kata's oracle, as a browser would judge the page: what an attacker gains.
        assertThat(HeaderAudit.problems(response, response.uri())).as("what an attacker gains from %s", name).isEmpty();
        SecurityHeaders.ALL.forEach((header, value) ->
                assertThat(response.headers().firstValue(header)).as("%s on %s", header, name).contains(value));
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("no inline script may run").doesNotContain("unsafe-inline").contains("script-src 'self'");
        assertThat(response.headers().firstValue("Server")).as("no server name or version").isEmpty();
        assertThat(response.headers().firstValue("X-Powered-By")).isEmpty();
    }

}
