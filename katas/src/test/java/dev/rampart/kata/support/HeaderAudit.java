package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The oracle "this response protects the page a browser makes of it": every finding is what an
 * attacker can then do, judged by the browser-side oracles, never by looking for strings.
 *
 * <ul>
 *   <li>an injected inline script, event handler or {@code javascript:} link runs
 *       ({@link ContentSecurityPolicy});</li>
 *   <li>a script from the attacker's own server runs;</li>
 *   <li>a page on the attacker's site can frame this one ({@link Framing});</li>
 *   <li>a same-origin upload can run as a script ({@link ScriptLoading#nosniff});</li>
 *   <li>a link to another site sends more than this site's origin in {@code Referer}
 *       ({@link ReferrerPolicy});</li>
 *   <li>script in the page may prompt for camera, microphone or location
 *       ({@link PermissionsPolicy});</li>
 *   <li>a header names the server software and version ({@link ResponseLeaks#inHeaders}).</li>
 * </ul>
 *
 * It applies to every response, errors and static files included: a browser shown a 404 page
 * or an SVG file builds a document from it like from any other.
 */
public final class HeaderAudit {

    /** A host no policy of the site should trust. */
    public static final String ATTACKER = "https://attacker.invalid";
    /** Features whose default allowlist lets the page itself prompt the user. */
    public static final List<String> POWERFUL_FEATURES = List.of("camera", "microphone", "geolocation");

    private HeaderAudit() {
    }

    /** What an attacker gains from {@code response}, served at {@code page}; empty when nothing. */
    public static List<String> problems(HttpResponse<?> response, URI page) {
        var problems = new ArrayList<String>();
        var csp = ContentSecurityPolicy.of(response, page);
        if (!csp.isPresent()) {
            problems.add("no Content-Security-Policy: any injected script runs");
        } else {
            if (csp.runsInjectedInlineScript()) {
                problems.add("an injected <script> runs under " + csp.describe());
            }
            if (csp.runsInjectedEventHandler()) {
                problems.add("an injected onerror= handler runs under " + csp.describe());
            }
            if (csp.runsJavascriptUrl()) {
                problems.add("an injected javascript: link runs under " + csp.describe());
            }
            if (csp.runsScriptFrom(ATTACKER + "/x.js")) {
                problems.add("a script from the attacker's server runs under " + csp.describe());
            }
        }
        if (Framing.allowedBy(response, page, ATTACKER)) {
            problems.add("a page on another site can frame this one (no frame-ancestors, no X-Frame-Options)");
        }
        if (!ScriptLoading.nosniff(response)) {
            problems.add("no X-Content-Type-Options: nosniff: a same-origin text file can run as a script");
        }
        var secretPage = page.resolve("/account/reset?token=secret");
        var referer = ReferrerPolicy.refererFor(response, secretPage, URI.create(ATTACKER + "/"));
        if (referer.isPresent() && !referer.get().endsWith("://" + secretPage.getAuthority() + "/")) {
            problems.add("a link to another site sends Referer: " + referer.get() + " (policy " + ReferrerPolicy.of(response) + ")");
        }
        var permissions = PermissionsPolicy.of(response);
        for (var feature : POWERFUL_FEATURES) {
            if (permissions.allows(feature, page, page.getScheme() + "://" + page.getAuthority())) {
                problems.add("script in the page may ask for " + feature
                        + (permissions.isDeclared() ? "" : " (no Permissions-Policy)"));
            }
        }
        ResponseLeaks.inHeaders(response).forEach(leak -> problems.add("software named: " + leak));
        return problems;
    }
}
