package dev.rampart.kata.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code Referer} a browser sends when a page leads somewhere else, computed as the W3C
 * Referrer Policy spec says: the header's last policy token the browser knows wins (unknown
 * tokens are skipped, so new policies can be listed after fallbacks); with none, the default is
 * {@code strict-origin-when-cross-origin}. The referrer is the page URL without fragment and
 * user info, or just its origin, or nothing.
 */
public final class ReferrerPolicy {

    /** Every policy token the spec defines. */
    public static final List<String> KNOWN = List.of("no-referrer", "no-referrer-when-downgrade", "same-origin", "origin",
            "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url");
    private static final String DEFAULT = "strict-origin-when-cross-origin";

    private ReferrerPolicy() {
    }

    /** The policy in force for documents served with this response. */
    public static String of(HttpResponse<?> response) {
        var tokens = response.headers().allValues("Referrer-Policy").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(t -> t.strip().toLowerCase(Locale.ROOT))
                .filter(KNOWN::contains)
                .toList();
        return tokens.isEmpty() ? DEFAULT : tokens.get(tokens.size() - 1);
    }

    /** The {@code Referer} sent from {@code page} (served with {@code response}) to {@code target}; empty when none. */
    public static Optional<String> refererFor(HttpResponse<?> response, URI page, URI target) {
        return referer(of(response), page, target);
    }

    /** The {@code Referer} sent from {@code page} to {@code target} under {@code policy}; empty when none. */
    public static Optional<String> referer(String policy, URI page, URI target) {
        var full = stripped(page, false);
        var origin = stripped(page, true);
        var sameOrigin = Framing.sameOrigin(page, target);
        var downgrade = page.getScheme().equalsIgnoreCase("https") && !trustworthy(target);
        return switch (policy) {
            case "no-referrer" -> Optional.empty();
            case "origin" -> Optional.of(origin);
            case "unsafe-url" -> Optional.of(full);
            case "strict-origin" -> downgrade ? Optional.empty() : Optional.of(origin);
            case "strict-origin-when-cross-origin" -> sameOrigin ? Optional.of(full) : downgrade ? Optional.empty() : Optional.of(origin);
            case "same-origin" -> sameOrigin ? Optional.of(full) : Optional.empty();
            case "origin-when-cross-origin" -> sameOrigin ? Optional.of(full) : Optional.of(origin);
            case "no-referrer-when-downgrade" -> downgrade ? Optional.empty() : Optional.of(full);
            default -> throw new IllegalArgumentException("unknown referrer policy " + policy + "; known: " + KNOWN);
        };
    }

    private static boolean trustworthy(URI target) {
        var scheme = target.getScheme().toLowerCase(Locale.ROOT);
        var host = target.getHost() == null ? "" : target.getHost().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("wss") || host.equals("localhost") || host.endsWith(".localhost")
                || host.startsWith("127.") || host.equals("[::1]");
    }

    /** The URL "stripped for use as a referrer": no fragment, no user info; origin-only keeps scheme, host, port and "/". */
    private static String stripped(URI page, boolean originOnly) {
        try {
            return new URI(page.getScheme(), null, page.getHost(), page.getPort(),
                    originOnly ? "/" : emptyToSlash(page.getRawPath()), null, null).toString()
                    + (originOnly || page.getRawQuery() == null ? "" : "?" + page.getRawQuery());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a page URL: " + page, e);
        }
    }

    private static String emptyToSlash(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }
}
