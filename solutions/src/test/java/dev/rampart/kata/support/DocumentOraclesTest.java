package dev.rampart.kata.support;

import static dev.rampart.kata.support.FakeResponse.headers;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CSP, framing, nosniff, Referer, Permissions-Policy and caching, each judged as the browser specs say. */
class DocumentOraclesTest {

    private static final URI PAGE = URI.create("https://site.example/account?token=s3cret");
    private static final String SELF = "https://site.example";

    @Test
    void noPolicyAllowsEverythingAndUnsafeInlineAllowsInjections() {
        assertThat(ContentSecurityPolicy.of(headers(), PAGE).runsInjectedInlineScript()).isTrue();
        var inline = ContentSecurityPolicy.of(headers("Content-Security-Policy", "script-src 'self' 'unsafe-inline'"), PAGE);
        assertThat(inline.runsInjectedInlineScript()).isTrue();
        assertThat(inline.runsInjectedEventHandler()).isTrue();
        assertThat(inline.runsScriptFrom("https://evil.example/x.js")).isFalse();
        assertThat(inline.runsScriptFrom(SELF + "/app.js")).isTrue();
    }

    @Test
    void aNonceKeepsInjectedScriptOutAndUnsafeInlineBesideItIsIgnored() {
        var csp = ContentSecurityPolicy.of(headers("Content-Security-Policy", "script-src 'nonce-abc123' 'unsafe-inline'"), PAGE);

        assertThat(csp.runsInjectedInlineScript()).isFalse();
    }

    @Test
    void everyPolicyMustAllowAndReportOnlyEnforcesNothing() {
        var two = headers("Content-Security-Policy", "script-src 'unsafe-inline'", "Content-Security-Policy", "script-src 'self'");
        assertThat(ContentSecurityPolicy.of(two, PAGE).runsInjectedInlineScript()).isFalse();
        var reportOnly = headers("Content-Security-Policy-Report-Only", "script-src 'self'");
        assertThat(ContentSecurityPolicy.of(reportOnly, PAGE).isPresent()).isFalse();
    }

    @Test
    void aSchemeSourceTrustsEveryHostOnIt() {
        var csp = ContentSecurityPolicy.of(headers("Content-Security-Policy", "script-src 'self' https:"), PAGE);

        assertThat(csp.runsScriptFrom("https://attacker.invalid/x.js")).isTrue();
    }

    @Test
    void frameAncestorsDecidesAndXFrameOptionsOnlyWithoutIt() {
        var cspNone = headers("Content-Security-Policy", "frame-ancestors 'none'");
        assertThat(Framing.allowedBy(cspNone, PAGE, SELF)).isFalse();
        var cspAllowsButXfoDenies = headers("Content-Security-Policy", "frame-ancestors *", "X-Frame-Options", "DENY");
        assertThat(Framing.allowedBy(cspAllowsButXfoDenies, PAGE, "https://evil.example")).as("XFO is ignored").isTrue();
        assertThat(Framing.allowedBy(headers("X-Frame-Options", "deny"), PAGE, "https://evil.example")).isFalse();
        assertThat(Framing.allowedBy(headers("X-Frame-Options", "SAMEORIGIN"), PAGE, SELF)).isTrue();
        assertThat(Framing.allowedBy(headers("X-Frame-Options", "SAMEORIGIN"), PAGE, "https://evil.example")).isFalse();
        assertThat(Framing.allowedBy(headers("X-Frame-Options", "DENY, SAMEORIGIN"), PAGE, "https://evil.example"))
                .as("conflicting values make the header invalid").isTrue();
        assertThat(Framing.allowedBy(headers("X-Frame-Options", "ALLOW-FROM https://site.example"), PAGE, "https://evil.example"))
                .as("no current browser understands ALLOW-FROM").isTrue();
    }

    @Test
    void nosniffReadsOnlyTheFirstValue() {
        assertThat(ScriptLoading.nosniff(headers("X-Content-Type-Options", "NoSniff"))).isTrue();
        assertThat(ScriptLoading.nosniff(headers("X-Content-Type-Options", "nosniff, foo"))).isTrue();
        assertThat(ScriptLoading.nosniff(headers("X-Content-Type-Options", "foo, nosniff"))).isFalse();
    }

    @Test
    void textRunsAsScriptUnlessNosniffAndImagesNever() {
        assertThat(ScriptLoading.runsAsScript(headers("Content-Type", "text/plain"))).isTrue();
        assertThat(ScriptLoading.runsAsScript(headers("Content-Type", "text/plain", "X-Content-Type-Options", "nosniff"))).isFalse();
        assertThat(ScriptLoading.runsAsScript(headers("Content-Type", "text/javascript;charset=utf-8", "X-Content-Type-Options", "nosniff"))).isTrue();
        assertThat(ScriptLoading.runsAsScript(headers("Content-Type", "image/png"))).isFalse();
        assertThat(ScriptLoading.appliesAsStylesheet(headers("Content-Type", "text/plain", "X-Content-Type-Options", "nosniff"))).isFalse();
    }

    @Test
    void theRefererFollowsTheLastKnownPolicyAndDefaultsToStrictOriginWhenCrossOrigin() {
        var other = URI.create("https://elsewhere.example/");
        assertThat(ReferrerPolicy.refererFor(headers(), PAGE, other)).contains("https://site.example/");
        assertThat(ReferrerPolicy.refererFor(headers(), PAGE, PAGE.resolve("/next"))).contains(PAGE.toString());
        assertThat(ReferrerPolicy.refererFor(headers("Referrer-Policy", "unsafe-url, no-such-policy"), PAGE, other))
                .contains(PAGE.toString());
        assertThat(ReferrerPolicy.refererFor(headers("Referrer-Policy", "no-referrer-when-downgrade"), PAGE, other))
                .contains(PAGE.toString());
        assertThat(ReferrerPolicy.refererFor(headers("Referrer-Policy", "no-referrer-when-downgrade"), PAGE, URI.create("http://plain.example/")))
                .isEmpty();
        assertThat(ReferrerPolicy.refererFor(headers("Referrer-Policy", "no-referrer"), PAGE, other)).isEqualTo(Optional.empty());
    }

    @Test
    void permissionsPolicyAllowlists() {
        assertThat(PermissionsPolicy.of(headers()).allows("camera", PAGE, SELF)).as("default allowlist is self").isTrue();
        var policy = PermissionsPolicy.of(headers("Permissions-Policy", "camera=(), geolocation=(self \"https://maps.example\"), usb=*"));
        assertThat(policy.allows("camera", PAGE, SELF)).isFalse();
        assertThat(policy.allows("geolocation", PAGE, SELF)).isTrue();
        assertThat(policy.allows("geolocation", PAGE, "https://maps.example")).isTrue();
        assertThat(policy.allows("geolocation", PAGE, "https://evil.example")).isFalse();
        assertThat(policy.allows("usb", PAGE, "https://evil.example")).isTrue();
        assertThat(PermissionsPolicy.of(headers("Permissions-Policy", "camera=(")).isDeclared())
                .as("a header that does not parse is ignored").isFalse();
    }

    @Test
    void cachesKeepWhatIsNotNoStoreAndSharedCachesHonourPrivate() {
        assertThat(HttpCache.browser().mayStore(headers("Cache-Control", "no-store"))).isFalse();
        assertThat(HttpCache.browser().mayStore(headers("Cache-Control", "private, max-age=60"))).isTrue();
        assertThat(HttpCache.shared().mayStore(headers("Cache-Control", "private, max-age=60"))).isFalse();
        assertThat(HttpCache.shared().mayStore(headers())).as("a 200 is heuristically cacheable").isTrue();
        assertThat(HttpCache.shared().mayStore(FakeResponse.of(500))).isFalse();
    }
}
