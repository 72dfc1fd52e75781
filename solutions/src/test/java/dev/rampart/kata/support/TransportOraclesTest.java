package dev.rampart.kata.support;

import static dev.rampart.kata.support.FakeResponse.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HSTS read as RFC 6797 says, redirects followed as the URL and Fetch standards say. */
class TransportOraclesTest {

    private static final URI PAGE = URI.create("https://shop.example/account");

    @Test
    void hstsDirectivesAreCaseInsensitiveAndMayBeQuoted() {
        assertThat(StrictTransportSecurity.parse("Max-Age=\"31536000\"; INCLUDESUBDOMAINS; preload"))
                .contains(new StrictTransportSecurity(Duration.ofDays(365), true, true));
    }

    @Test
    void anInvalidHstsHeaderIsIgnoredWhole() {
        assertThat(StrictTransportSecurity.parse("includeSubDomains")).as("no max-age").isEmpty();
        assertThat(StrictTransportSecurity.parse("max-age=1year")).as("not a number").isEmpty();
        assertThat(StrictTransportSecurity.parse("max-age=10; max-age=31536000")).as("a directive twice").isEmpty();
    }

    @Test
    void onlyTheFirstHstsHeaderCounts() {
        var response = headers("Strict-Transport-Security", "max-age=60", "Strict-Transport-Security", "max-age=63072000");

        assertThat(StrictTransportSecurity.of(response).map(StrictTransportSecurity::maxAge)).contains(Duration.ofSeconds(60));
    }

    @Test
    void backslashesAndMissingSchemesStillLeaveTheSite() {
        assertThat(target("/\\evil.example/")).isEqualTo("https://evil.example");
        assertThat(target("//evil.example/")).isEqualTo("https://evil.example");
        assertThat(target(" \thttps://evil.example")).isEqualTo("https://evil.example");
        assertThat(target("ht\ntps://evil.example")).isEqualTo("https://evil.example");
        assertThat(target("http:evil.example")).as("another scheme opens the authority").isEqualTo("http://evil.example");
    }

    @Test
    void aSameSchemeLocationWithoutSlashesIsARelativePath() {
        assertThat(Redirect.of(FakeResponse.of(302, "Location", "https:evil.example"), PAGE).orElseThrow().target())
                .contains(URI.create("https://shop.example/evil.example"));
    }

    @Test
    void hostsCompareInLowerCase() {
        assertThat(target("https://Shop.EXAMPLE/x")).isEqualTo("https://shop.example");
    }

    @Test
    void browsersTurnPostIntoGetAfter301And302AndEverythingButHeadAfter303() {
        assertThat(redirect(301).methodAfter("POST")).isEqualTo("GET");
        assertThat(redirect(302).methodAfter("POST")).isEqualTo("GET");
        assertThat(redirect(301).methodAfter("PUT")).isEqualTo("PUT");
        assertThat(redirect(303).methodAfter("PUT")).isEqualTo("GET");
        assertThat(redirect(303).methodAfter("HEAD")).isEqualTo("HEAD");
        assertThat(redirect(307).methodAfter("POST")).isEqualTo("POST");
        assertThat(redirect(308).keepsBody("POST")).isTrue();
        assertThat(redirect(301).keepsBody("POST")).isFalse();
    }

    @Test
    void aNonRedirectIsNoRedirect() {
        assertThat(Redirect.of(FakeResponse.of(200, "Location", "https://evil.example"), PAGE)).isEmpty();
    }

    private static String target(String location) {
        return Redirect.of(FakeResponse.of(301, "Location", location), PAGE).orElseThrow().targetOrigin();
    }

    private static Redirect redirect(int status) {
        return Redirect.of(FakeResponse.of(status, "Location", "https://shop.example/"), PAGE).orElseThrow();
    }
}
