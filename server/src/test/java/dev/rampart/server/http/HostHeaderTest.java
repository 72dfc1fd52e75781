package dev.rampart.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.PayloadFile;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding: a page on evil.example re-points its own name at 127.0.0.1 and becomes
 * "same-origin" with this server. Its requests still say {@code Host: evil.example}; refusing
 * that is what keeps it out. The browser's cookie would not be sent to evil.example anyway, so
 * the attack's strongest form is shown here: even a request that carries a valid session (or the
 * token) gets nothing under a foreign Host.
 */
@WithTestServer
class HostHeaderTest {

    final TestServer server;
    final Browser browser;

    HostHeaderTest(TestServer server, Browser browser) {
        this.server = server;
        this.browser = browser;
    }

    @Test
    @DisplayName("control: the same signed-in request addressed to 127.0.0.1 lists the notebooks")
    void control() {
        var response = browser.get("/api/contents/notebooks");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(response).has("content")).isTrue();
    }

    @ParameterizedTest(name = "Host: {0} lists no notebook, even with a session")
    @ValueSource(strings = {"evil.example", "evil.example:8888", "127.0.0.1.evil.example", "localhost.evil.example"})
    void rebindingListsNothing(String host) {
        var response = server.send(browser.request("/api/contents/notebooks").header("Host", host));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(TestServer.json(response).has("content")).as("the listing leaked to %s", host).isFalse();
        assertThat(server.securityLog).anySatisfy(line -> assertThat(line).startsWith("security event=host-refused"));
    }

    /**
     * The https-enforcement kata's forged host names: a foreign {@code Host} is refused, and the
     * forwarding headers, which only a trusted proxy may set and this server has none, never move
     * a redirect off this server.
     */
    @ParameterizedTest(name = "{0}: {1} sends nobody elsewhere")
    @PayloadFile("https-enforcement/host-headers.txt")
    void forgedHostNamesRedirectNowhere(String header, String value) {
        var response = server.send(server.request("/").header(header, value));

        if (header.equals("Host")) {
            assertThat(response.statusCode()).as("status for Host: %s", value).isEqualTo(403);
            return;
        }
        assertThat(response.statusCode()).as("the redirect to the login page").isEqualTo(303);
        var target = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
        assertThat(target.getAuthority()).as("where %s: %s sends the visitor", header, value).isEqualTo(response.uri().getAuthority());
    }

    @Test
    @DisplayName("Host: evil.example cannot run code, even with the token")
    void rebindingRunsNothing() {
        var response = server.send(server.request("/api/kernels").header("Host", "evil.example")
                .header("Authorization", "token " + server.token.reveal()).POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(server.kernels.running).isEmpty();
    }

    @Test
    @DisplayName("Host: evil.example gets no page and no start-up cookie")
    void rebindingGetsNoCookie() {
        var response = server.send(server.request("/?token=" + server.token.reveal()).header("Host", "evil.example"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @ParameterizedTest(name = "Host: {0} is accepted")
    @ValueSource(strings = {"localhost", "127.0.0.1", "[::1]"})
    void loopbackNames(String name) {
        var response = server.send(browser.bare("/api/contents").header("Host", name + ":" + server.port()));

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
