package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.htmlunit.csp.Policy;
import org.htmlunit.csp.PolicyList;
import org.htmlunit.csp.PolicyListInOrigin;
import org.htmlunit.csp.url.GUID;
import org.htmlunit.csp.url.URLWithScheme;

/**
 * The Content Security Policy a browser enforces for a response, asked what an attacker's
 * injection could do under it.
 *
 * <p>The policies are parsed and evaluated by htmlunit-csp (HtmlUnit's maintained fork of Shape
 * Security's salvation, which follows CSP Level 3): every {@code Content-Security-Policy} header
 * counts, each comma-separated policy in it too, and something runs only if <em>every</em> policy
 * allows it. {@code Content-Security-Policy-Report-Only} enforces nothing and is not read.
 * A response without a policy allows everything, as a browser would.
 */
public final class ContentSecurityPolicy {

    private final PolicyList policies;
    private final URLWithScheme page;
    private final List<String> parseWarnings;

    private ContentSecurityPolicy(PolicyList policies, URLWithScheme page, List<String> parseWarnings) {
        this.policies = policies;
        this.page = page;
        this.parseWarnings = List.copyOf(parseWarnings);
    }

    /**
     * The policy {@code response} carries, for a document at {@code page} (its origin is what
     * {@code 'self'} means).
     */
    public static ContentSecurityPolicy of(HttpResponse<?> response, URI page) {
        var warnings = new ArrayList<String>();
        var headers = response.headers().allValues("Content-Security-Policy");
        var policies = PolicyList.ofSerialized(headers, (severity, message, policy, directive, value) -> {
            if (severity != Policy.Severity.Info) {
                warnings.add(severity + ": " + message);
            }
        });
        return new ContentSecurityPolicy(policies, url(page.toString()), warnings);
    }

    /** Whether any policy is enforced at all. */
    public boolean isPresent() {
        return !policies.getPolicies().isEmpty();
    }

    /** The policies as the browser read them, for failure messages. */
    public String describe() {
        return isPresent() ? policies.toString() : "(no Content-Security-Policy)";
    }

    /** What the parser thought odd about the policy (an unknown directive, a misspelt keyword). */
    public List<String> warnings() {
        return parseWarnings;
    }

    /** An injected {@code <script>...</script>} without the page's nonce runs. */
    public boolean runsInjectedInlineScript() {
        return policies.allowsInlineScript(Optional.empty(), Optional.of("alert(document.domain)"), Optional.of(true));
    }

    /** An injected event handler attribute ({@code <img src=x onerror=...>}) runs. */
    public boolean runsInjectedEventHandler() {
        return policies.allowsScriptAsAttribute(Optional.of("alert(document.domain)"));
    }

    /** An injected {@code <a href="javascript:...">} runs when clicked. */
    public boolean runsJavascriptUrl() {
        return policies.allowsJavascriptUrlNavigation(Optional.of("alert(document.domain)"), Optional.of(page));
    }

    /** An injected {@code <script src=...>} pointing at {@code script} (absolute, any scheme) runs. */
    public boolean runsScriptFrom(String script) {
        return policies.allowsExternalScript(Optional.empty(), Optional.empty(), Optional.of(url(script)),
                Optional.of(true), Optional.of(page));
    }

    /** A stylesheet at {@code stylesheet} (absolute) is applied. */
    public boolean appliesStyleFrom(String stylesheet) {
        return new PolicyListInOrigin(policies, page).allowsStyleFromSource(url(stylesheet));
    }

    /** An inline {@code <style>} element is applied. */
    public boolean appliesInlineStyle() {
        return policies.allowsInlineStyle(Optional.empty(), Optional.of("body{}"));
    }

    /**
     * What {@code frame-ancestors} says about a page at {@code ancestor} framing this one; empty
     * when no policy has the directive (then {@code X-Frame-Options} decides: see {@link Framing}).
     */
    public Optional<Boolean> framableBy(String ancestor) {
        var decides = policies.getPolicies().stream().anyMatch(policy -> policy.frameAncestors().isPresent());
        return decides ? Optional.of(new PolicyListInOrigin(policies, page).allowsFrameAncestor(url(ancestor))) : Optional.empty();
    }

    private static URLWithScheme url(String text) {
        return org.htmlunit.csp.url.URI.parseURI(text)
                .<URLWithScheme>map(u -> u)
                .or(() -> GUID.parseGUID(text))
                .orElseThrow(() -> new IllegalArgumentException("not an absolute URL: " + text));
    }
}
