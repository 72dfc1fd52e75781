package dev.rampart.kata.securityheaders;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.htmlunit.csp.FetchDirectiveKind;
import org.htmlunit.csp.Policy;
import org.htmlunit.csp.PolicyList;
import org.htmlunit.csp.PolicyListInOrigin;
import org.htmlunit.csp.url.URLWithScheme;
import org.htmlunit.csp.value.Nonce;

/**
 * What an HTML injection can still do under a response's Content-Security-Policy, for the
 * questions the shared {@code ContentSecurityPolicy} oracle does not ask: whether a string the
 * attacker placed may become code ({@code eval}, {@code setTimeout("...")}), whether an injected
 * {@code <base>} re-points the page's relative links, whether a form may post to another site,
 * and which nonces the policy accepts. The same engine answers (htmlunit-csp, CSP Level 3): every
 * {@code Content-Security-Policy} header counts, and something is allowed only if every policy
 * allows it. Not for deciding whether a page <em>works</em>: that is the shared oracle's job.
 */
final class InjectionPolicy {

    private final PolicyList policies;
    private final URLWithScheme page;

    private InjectionPolicy(PolicyList policies, URLWithScheme page) {
        this.policies = policies;
        this.page = page;
    }

    /** The policies {@code response} carries, for a document at {@code page}. */
    static InjectionPolicy of(HttpResponse<?> response, URI page) {
        return new InjectionPolicy(PolicyList.ofSerialized(response.headers().allValues("Content-Security-Policy"),
                (severity, message, policy, directive, value) -> { }), url(page.toString()));
    }

    /** A string reaches {@code eval}, {@code new Function} or {@code setTimeout} and runs as code. */
    boolean runsEval() {
        return policies.allowsEval();
    }

    /** An injected {@code <script nonce=...>} carrying {@code nonce} runs. */
    boolean runsInlineScriptWithNonce(String nonce) {
        return policies.allowsInlineScript(Optional.of(nonce), Optional.of("alert(document.domain)"), Optional.of(true));
    }

    /** An injected {@code <base href=...>} pointing at {@code target} takes effect (CSP3 {@code base-uri}, which has no fallback). */
    boolean basePointsTo(String target) {
        return policies.getPolicies().stream().allMatch(policy -> policy.baseUri()
                .map(directive -> Policy.doesUrlMatchSourceListInOrigin(url(target), directive, Optional.of(page)))
                .orElse(true));
    }

    /** A form in the page may submit to {@code target} ({@code form-action}, which does not fall back to {@code default-src}). */
    boolean formPostsTo(String target) {
        return new PolicyListInOrigin(policies, page).allowsFormAction(url(target));
    }

    /** The nonces an inline script may carry to run, as the policy lists them. */
    List<String> scriptNonces() {
        return policies.getPolicies().stream()
                .flatMap(policy -> policy.getGoverningDirectiveForEffectiveDirective(FetchDirectiveKind.ScriptSrcElem).stream())
                .flatMap(directive -> directive.getNonces().stream())
                .map(Nonce::base64ValuePart)
                .toList();
    }

    /**
     * The most entropy {@code nonce} can carry, in bits: its length times what each character can
     * be (a digit, a hex digit, a base64 character). CSP Level 3 asks for at least 128 bits from a
     * secure random generator; a value under it is guessable whatever produced it.
     */
    static double bitsAtMost(String nonce) {
        var value = nonce.replaceAll("=+$", "");
        var alphabet = value.matches("[0-9]*") ? 10 : value.matches("[0-9a-fA-F]*") ? 16 : 64;
        return value.length() * Math.log(alphabet) / Math.log(2);
    }

    private static URLWithScheme url(String text) {
        return org.htmlunit.csp.url.URI.parseURI(text)
                .orElseThrow(() -> new IllegalArgumentException("not an absolute URL: " + text));
    }
}
