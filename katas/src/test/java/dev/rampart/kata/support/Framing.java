package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a page on another site could show this response in a frame (clickjacking), decided as
 * a browser decides it: CSP {@code frame-ancestors} when any enforced policy has it, otherwise
 * {@code X-Frame-Options} as the HTML standard processes it (values split on commas and
 * lower-cased; more than one distinct value means the header is ignored; {@code ALLOW-FROM} is
 * not understood by any current browser and so protects nothing).
 */
public final class Framing {

    private Framing() {
    }

    /**
     * Whether a document at {@code ancestor} (an origin such as {@code https://evil.example}) may
     * frame {@code response}, served at {@code page}.
     */
    public static boolean allowedBy(HttpResponse<?> response, URI page, String ancestor) {
        var csp = ContentSecurityPolicy.of(response, page).framableBy(ancestor);
        if (csp.isPresent()) {
            return csp.get();
        }
        Set<String> values = response.headers().allValues("X-Frame-Options").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (values.size() != 1) {
            return true;
        }
        var value = values.iterator().next();
        if (value.equals("deny")) {
            return false;
        }
        if (value.equals("sameorigin")) {
            return sameOrigin(URI.create(ancestor), page);
        }
        return true;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> 443;
            case "http", "ws" -> 80;
            default -> -1;
        };
    }
}
