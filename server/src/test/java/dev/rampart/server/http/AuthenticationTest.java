package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WithTestServer
class AuthenticationTest {

    final TestServer server;

    AuthenticationTest(TestServer server) {
        this.server = server;
    }

    @ParameterizedTest(name = "without the token, GET {0} answers 401 and nothing else")
    @ValueSource(strings = {"/api/contents", "/api/contents/notebooks", "/api/contents/notebooks/lesson.ipynb", "/api/katas",
        "/api/katas/demo-kata/files/Greeter.java", "/api/kernels", "/api/sessions", "/api/kernelspecs"})
    void apiNeedsTheToken(String path) {
        var response = server.get(path);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(TestServer.json(response).fieldNames()).toIterable().containsExactlyInAnyOrder("message", "correlationId");
    }

    @ParameterizedTest(name = "without the token, GET {0} sends the browser to the login page")
    @ValueSource(strings = {"/", "/index.html", "/lessons.js"})
    void pagesNeedTheToken(String path) {
        var response = server.get(path);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/login");
    }

    @Test
    @DisplayName("without the token, even the front end's libraries (WebJars) send the browser to the login page")
    void librariesNeedTheToken() {
        var library = WebJars.path("codemirror", "lib/codemirror.js");
        var response = server.get(library);

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/login");
        assertThat(server.signIn().get(library).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("without the token no code runs: starting a kernel and running the attacks are refused")
    void noCodeRunsWithoutTheToken() {
        var kernel = server.send(server.request("/api/kernels").header("Origin", server.origin())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        var attacks = server.send(server.request("/api/katas/demo-kata/attacks").header("Origin", server.origin())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(kernel.statusCode()).isEqualTo(401);
        assertThat(attacks.statusCode()).isEqualTo(401);
        assertThat(server.kernels.running).isEmpty();
        assertThat(server.attacks.runs).isEmpty();
    }

    @Test
    void theLoginPageAndItsAssetsAnswerWithoutTheToken() {
        assertThat(server.get("/login").statusCode()).isEqualTo(200);
        assertThat(server.get("/public/login.js").statusCode()).isEqualTo(200);
        assertThat(server.get("/public/rampart.css").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("the start-up URL's token becomes an HttpOnly SameSite=Strict cookie and leaves the address bar")
    void startUpUrl() {
        var response = server.get("/?token=" + server.token.reveal() + "&lesson=06");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/?lesson=06");
        var session = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rampart-session-" + server.port() + "=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        assertThat(session).doesNotContain(server.token.reveal());
        var csrf = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("rampart-csrf-")).findFirst().orElseThrow();
        assertThat(csrf).contains("SameSite=Strict").doesNotContain("HttpOnly");
    }

    @Test
    void theSessionCookieOpensTheApi() {
        var browser = server.signIn();

        var listing = browser.get("/api/contents/notebooks");

        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(listing).at("/content/0/name").asText()).isEqualTo("lesson.ipynb");
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a wrong token in the start-up URL gets no session")
    void wrongTokenInUrl() {
        var response = server.get("/?token=" + server.token.reveal().substring(1) + "A");

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/login?failed");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    @DisplayName("a made-up session cookie opens nothing")
    void forgedCookie() {
        var response = server.send(server.request("/api/contents").header("Cookie",
                "rampart-session-" + server.port() + "=" + "A".repeat(43)));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void curlCanUseTheAuthorizationHeaderAndNeedsNoCsrfToken() {
        var listing = server.send(server.request("/api/contents").header("Authorization", "token " + server.token.reveal()));
        var created = server.send(server.request("/api/contents/notebooks").header("Authorization", "token " + server.token.reveal())
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        var wrong = server.send(server.request("/api/contents").header("Authorization", "token nope"));

        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void theLoginFormExchangesTheTokenForASession() {
        var form = "token=" + URLEncoder.encode(server.token.reveal(), StandardCharsets.UTF_8);
        var response = server.send(server.request("/login").header("Origin", server.origin())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/");
        assertThat(response.headers().allValues("Set-Cookie")).hasSize(2);
    }

    @Test
    void signingOutEndsTheSession() {
        var browser = server.signIn();

        assertThat(browser.post("/logout", "").statusCode()).isEqualTo(303);
        assertThat(browser.get("/api/contents").statusCode()).isEqualTo(401);
    }
}
