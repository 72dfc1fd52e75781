package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What an HTTP cache does with a response, per RFC 9111: whether it may keep a copy (§3) and,
 * for a shared cache, which stored answer it hands to a later request (§4.1: the URL, plus the
 * request headers the response's {@code Vary} names).
 *
 * <p>A browser's own cache is a private cache: only {@code no-store} keeps it from writing a
 * page to disk, where the back button and the next user of the machine find it. A shared cache
 * (a CDN, a corporate proxy) also honours {@code private}.
 */
public final class HttpCache {

    /** Status codes a cache may store without explicit freshness (RFC 9110 §15.1, "heuristically cacheable"). */
    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    private final boolean shared;
    private final Map<String, Stored> entries = new HashMap<>();

    private record Stored(HttpResponse<String> response, Map<String, Optional<String>> selecting) {
    }

    private HttpCache(boolean shared) {
        this.shared = shared;
    }

    /** A CDN or proxy between the server and many users. */
    public static HttpCache shared() {
        return new HttpCache(true);
    }

    /** One user's browser cache. */
    public static HttpCache browser() {
        return new HttpCache(false);
    }

    /** The directives of {@code Cache-Control}, names lower-cased, values unquoted (empty when a directive has none). */
    public static Map<String, String> directives(HttpResponse<?> response) {
        var directives = new HashMap<String, String>();
        response.headers().allValues("Cache-Control").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(d -> !d.isEmpty())
                .forEach(d -> {
                    var eq = d.indexOf('=');
                    var name = (eq < 0 ? d : d.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                    var value = eq < 0 ? "" : d.substring(eq + 1).strip().replace("\"", "");
                    directives.putIfAbsent(name, value);
                });
        return directives;
    }

    /** Whether this cache may keep a copy of the answer to a GET (RFC 9111 §3). */
    public boolean mayStore(HttpResponse<?> response) {
        var directives = directives(response);
        if (directives.containsKey("no-store") || shared && directives.containsKey("private")) {
            return false;
        }
        if (shared && response.headers().firstValue("Vary").map(v -> v.strip().equals("*")).orElse(false)) {
            return false;
        }
        var explicit = directives.containsKey("public") || directives.containsKey("max-age")
                || shared && directives.containsKey("s-maxage") || response.headers().firstValue("Expires").isPresent();
        return explicit || HEURISTIC.contains(response.statusCode());
    }

    /**
     * Sends {@code request} through this cache: answers from a stored response whose URL and
     * {@code Vary}-selected request headers match, otherwise asks the server and stores what may
     * be stored. {@code requestHeaders} looks a request header up by name (lower-case).
     */
    public HttpResponse<String> get(String url, Function<String, Optional<String>> requestHeaders,
                                    java.util.function.Supplier<HttpResponse<String>> server) {
        var hit = entries.get(url);
        if (hit != null && hit.selecting().entrySet().stream()
                .allMatch(e -> requestHeaders.apply(e.getKey()).equals(e.getValue()))) {
            return hit.response();
        }
        var response = server.get();
        if (mayStore(response)) {
            var selecting = new HashMap<String, Optional<String>>();
            for (var name : varied(response)) {
                selecting.put(name, requestHeaders.apply(name));
            }
            entries.put(url, new Stored(response, selecting));
        }
        return response;
    }

    /** The request header names {@code Vary} lists, lower-cased. */
    public static List<String> varied(HttpResponse<?> response) {
        return response.headers().allValues("Vary").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(n -> n.strip().toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty())
                .toList();
    }
}
