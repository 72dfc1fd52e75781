package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-site request forgery: a page elsewhere makes the learner's browser send a request with
 * its cookie. SameSite=Strict keeps the cookie home in today's browsers; these tests send the
 * cookie anyway (an older browser, a same-site subdomain) and show the two checks behind it:
 * a foreign Origin is refused, and a request without this server's CSRF header is refused.
 * Each attack is paired with a control that differs only in the attacked header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSiteRequestTest {

    TestServer server;
    Browser browser;
    Path workspace;

    @BeforeAll
    void start(@TempDir Path sandbox) {
        server = new TestServer(sandbox);
        browser = server.signIn();
        workspace = server.workspace;
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpRequest.Builder createFolder(String folder) {
        return browser.bare("/api/contents/" + folder).header(Authenticator.CSRF_HEADER, browser.csrf())
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
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
