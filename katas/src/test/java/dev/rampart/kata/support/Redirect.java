package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A redirect as a browser follows it (WHATWG Fetch, "HTTP-redirect fetch").
 *
 * <p>The {@code Location} is resolved against the request URL the way the URL standard reads
 * it for http(s): surrounding spaces and control characters dropped, tabs and newlines removed,
 * backslashes taken as slashes — so {@code /\evil.example} and {@code //evil.example} both leave
 * the site. Then the method: after a 301 or 302 a POST is repeated as a GET without its body,
 * after a 303 everything but HEAD becomes a GET; 307 and 308 repeat the request as it was.
 *
 * @param status   the redirect status
 * @param location the {@code Location} header as sent
 * @param target   where the browser goes; empty when the location does not parse as a URL
 */
public record Redirect(int status, String location, Optional<URI> target) {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** The redirect {@code response} makes, sent for a request to {@code requestUrl}; empty when it is not one. */
    public static Optional<Redirect> of(HttpResponse<?> response, URI requestUrl) {
        if (!REDIRECTS.contains(response.statusCode())) {
            return Optional.empty();
        }
        var location = response.headers().firstValue("Location");
        return location.map(value -> new Redirect(response.statusCode(), value, resolve(requestUrl, value)));
    }

    /** The method a browser uses for the next request after this redirect. */
    public String methodAfter(String method) {
        var upper = method.toUpperCase(Locale.ROOT);
        if ((status == 301 || status == 302) && upper.equals("POST")
                || status == 303 && !upper.equals("GET") && !upper.equals("HEAD")) {
            return "GET";
        }
        return method;
    }

    /** Whether the browser sends the request body again to the target. */
    public boolean keepsBody(String method) {
        return methodAfter(method).equals(method) && (status == 307 || status == 308);
    }

    /** The target's origin as a browser writes it, {@code scheme://host[:port]} in lower case, or why there is none. */
    public String targetOrigin() {
        return target.map(t -> (t.getScheme() + "://" + t.getHost()).toLowerCase(Locale.ROOT) + (t.getPort() == -1 ? "" : ":" + t.getPort()))
                .orElse("(unparseable: " + location + ")");
    }

    static Optional<URI> resolve(URI base, String location) {
        var cleaned = location.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
        var colon = cleaned.indexOf(':');
        var explicit = colon > 0 && cleaned.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*");
        var scheme = explicit ? cleaned.substring(0, colon).toLowerCase(Locale.ROOT) : base.getScheme();
        if (scheme.equals("http") || scheme.equals("https")) {
            // Before the query, a backslash is a slash for http(s) URLs.
            var queryAt = cleaned.indexOf('?');
            cleaned = queryAt < 0 ? cleaned.replace('\\', '/')
                    : cleaned.substring(0, queryAt).replace('\\', '/') + cleaned.substring(queryAt);
            if (explicit) {
                var rest = cleaned.substring(colon + 1);
                var sameScheme = scheme.equalsIgnoreCase(base.getScheme());
                // "https:path" with the base's own scheme is relative; otherwise any run of slashes opens the authority.
                cleaned = sameScheme && !rest.startsWith("//") ? rest : scheme + "://" + rest.replaceFirst("^/*", "");
            }
        }
        try {
            var resolved = base.resolve(new URI(cleaned));
            return resolved.getHost() == null && resolved.getRawAuthority() != null ? Optional.empty() : Optional.of(resolved);
        } catch (Exception notAUrl) {
            return Optional.empty();
        }
    }
}
