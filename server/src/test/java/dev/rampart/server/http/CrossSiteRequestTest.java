package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.rampart.kata.support.CrossOriginFetch;
import dev.rampart.kata.support.CrossOriginFetch.Credentials;
import dev.rampart.kata.support.PayloadFile;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Cross-site request forgery: a page elsewhere makes the learner's browser send a request with
 * its cookie. SameSite=Strict keeps the cookie home in today's browsers; these tests send the
 * cookie anyway (an older browser, a same-site subdomain) and show the two checks behind it:
 * a foreign Origin is refused, and a request without this server's CSRF header is refused.
 * Each attack is paired with a control that differs only in the attacked header.
 */
@WithTestServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteRequestTest {

    final TestServer server;
    final Browser browser;
    Path workspace;

    CrossSiteRequestTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    @BeforeAll
    void prepare() {
        workspace = server.workspace;
    }

    private HttpRequest.Builder createFolder(String folder) {
        return browser.bare("/api/contents/" + folder).header(Authenticator.CSRF_HEADER, browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
    }

    @Test
    @DisplayName("a page on http://evil.example cannot read the notebook list with the learner's cookie")
    void crossOriginRead() {
        var response = server.send(browser.bare("/api/contents").header("Origin", "http://evil.example").GET());

        // The CORS kata's oracle: the browser's own check (Fetch's CORS check) decides what the page reads.
        assertThat(CrossOriginFetch.corsCheck(response, "http://evil.example", Credentials.INCLUDE))
                .as("the browser would hand the listing to the other site's script").isPresent();
    }

    @Test
    @DisplayName("a POST from http://evil.example creates no notebook")
    void crossOriginPost() throws Exception {
        Files.createDirectories(workspace.resolve("cross"));

        var response = server.send(createFolder("cross").header("Origin", "http://evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(workspace.resolve("cross/Untitled.ipynb")).as("the forged request created a notebook").doesNotExist();
        assertThat(server.securityLog).anySatisfy(line -> assertThat(line).startsWith("security event=origin-refused"));
    }

    /**
     * The CORS kata's look-alike origins, written against example.com, aimed at this server's own
     * host and port instead: a prefix, a suffix, another scheme or port, an unescaped regex dot.
     * The family's plain-HTTP line becomes this loopback server's own origin, the control below.
     */
    @ParameterizedTest(name = "a POST from a look-alike of this server''s origin ({0}) creates no notebook")
    @PayloadFile("cors/look-alike-origins.txt")
    void lookAlikeOriginPost(String lookAlike) throws Exception {
        var origin = lookAlike.replace("example.com", server.uri("/").getAuthority());
        assumeThat(origin).as("this server's own origin").isNotEqualTo(server.origin());
        var folder = Files.createTempDirectory(workspace, "look-alike");

        var response = server.send(createFolder(folder.getFileName().toString()).header("Origin", origin));

        assertThat(response.statusCode()).as("status for Origin %s", origin).isEqualTo(403);
        assertThat(folder.resolve("Untitled.ipynb")).as("the request from %s created a notebook", origin).doesNotExist();
    }

    @Test
    @DisplayName("control: the same POST from this server's origin creates the notebook")
    void sameOriginPost() throws Exception {
        Files.createDirectories(workspace.resolve("same"));

        var response = server.send(createFolder("same").header("Origin", server.origin()));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(workspace.resolve("same/Untitled.ipynb")).exists();
    }

    @Test
    @DisplayName("a POST marked Sec-Fetch-Site: cross-site is refused even without an Origin")
    void crossSiteFetchMetadata() throws Exception {
        Files.createDirectories(workspace.resolve("fetch"));

        var response = server.send(createFolder("fetch").header("Sec-Fetch-Site", "cross-site"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(workspace.resolve("fetch/Untitled.ipynb")).doesNotExist();
    }

    @Test
    @DisplayName("a form POST with the cookie but no CSRF header (what a forged form sends) changes nothing")
    void missingCsrfHeader() throws Exception {
        Files.createDirectories(workspace.resolve("forged"));

        var response = server.send(browser.bare("/api/contents/forged").header("Origin", server.origin())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(workspace.resolve("forged/Untitled.ipynb")).doesNotExist();
        assertThat(server.securityLog).anySatisfy(line -> assertThat(line).startsWith("security event=csrf-refused"));
    }

    @Test
    @DisplayName("a guessed CSRF header is refused")
    void wrongCsrfHeader() throws Exception {
        Files.createDirectories(workspace.resolve("guessed"));

        var response = server.send(browser.bare("/api/contents/guessed").header("Origin", server.origin())
                .header(Authenticator.CSRF_HEADER, "guess").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(workspace.resolve("guessed/Untitled.ipynb")).doesNotExist();
    }

    @Test
    @DisplayName("a cross-origin POST runs no attack suite")
    void crossOriginRunsNothing() {
        var response = server.send(browser.bare("/api/katas/demo-kata/attacks").header("Origin", "http://evil.example")
                .header(Authenticator.CSRF_HEADER, browser.csrf()).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(server.attacks.runs).isEmpty();
    }

    @Test
    @DisplayName("a login form posted from another site is refused (login CSRF)")
    void crossOriginLogin() {
        var response = server.send(server.request("/login").header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + server.token.reveal())));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }
}
