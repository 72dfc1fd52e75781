package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A page at one origin calling {@code fetch()} on the server under test, and the browser's CORS
 * protocol deciding what happens (WHATWG Fetch: "CORS-preflight fetch", "CORS check"): whether a
 * preflight is needed and what it must grant, whether the real request is sent at all, and
 * whether the page may read the answer. The requests are real, over loopback; only the
 * browser's part is played here.
 *
 * <p>With {@link Credentials#INCLUDE} the victim's cookie goes along. That is what a browser does
 * for a cookie marked {@code SameSite=None} (the only kind a cross-site front end can use), so
 * the attacks here are those a cookie's {@code SameSite} does not stop; SameSite itself is the
 * session-cookies kata's subject.
 */
public final class CrossOriginFetch {

    /** The page's {@code credentials} mode; {@code same-origin} is {@link #OMIT} for a cross-origin call. */
    public enum Credentials { OMIT, INCLUDE }

    private static final Set<String> SAFELISTED_METHODS = Set.of("GET", "HEAD", "POST");
    private static final Set<String> SIMPLE_CONTENT_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");
    /** Headers a page's script cannot set: the browser drops them (Fetch, "forbidden request-header"). */
    private static final Set<String> FORBIDDEN = Set.of("accept-charset", "accept-encoding", "access-control-request-headers",
            "access-control-request-method", "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host",
            "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via");
    private static final Set<String> METHOD_OVERRIDES = Set.of("x-http-method", "x-http-method-override", "x-method-override");

    private final LoopbackHttp http;
    private final String origin;
    private final Optional<String> cookies;

    private CrossOriginFetch(LoopbackHttp http, String origin, Optional<String> cookies) {
        this.http = http;
        this.origin = origin;
        this.cookies = cookies;
    }

    /** A page whose origin serializes to {@code origin} ({@code https://evil.example}, or {@code null} for a sandboxed frame). */
    public static CrossOriginFetch from(String origin, LoopbackHttp http) {
        return new CrossOriginFetch(http, origin, Optional.empty());
    }

    /** The same page, in a browser that holds this cookie for the server ({@code name=value; ...}). */
    public CrossOriginFetch withCookies(String cookieHeader) {
        return new CrossOriginFetch(http, origin, Optional.of(cookieHeader));
    }

    /**
     * What the browser does with {@code fetch(path, {method, headers, body, credentials})}.
     *
     * @param headers the headers the script sets (forbidden ones are dropped, as a browser drops them)
     */
    public Outcome fetch(String method, String path, List<Map.Entry<String, String>> headers, String body, Credentials credentials) {
        var method0 = normalize(method);
        var scriptHeaders = headers.stream().filter(h -> allowedToSet(h.getKey(), h.getValue())).toList();
        var unsafe = unsafeHeaderNames(scriptHeaders);
        Optional<HttpResponse<String>> preflight = Optional.empty();
        if (!SAFELISTED_METHODS.contains(method0) || !unsafe.isEmpty()) {
            var request = http.request("OPTIONS", path).header("Origin", origin).header("Access-Control-Request-Method", method0);
            if (!unsafe.isEmpty()) {
                request.header("Access-Control-Request-Headers", String.join(",", unsafe));
            }
            var answer = request.send();
            preflight = Optional.of(answer);
            var refusal = preflightRefusal(answer, origin, method0, unsafe, credentials);
            if (refusal.isPresent()) {
                return new Outcome(preflight, Optional.empty(), false, "the preflight refused: " + refusal.get());
            }
        }
        var request = http.request(method0, path).header("Origin", origin).headers(scriptHeaders).body(body);
        if (credentials == Credentials.INCLUDE) {
            cookies.ifPresent(c -> request.header("Cookie", c));
        }
        var response = request.send();
        var failure = corsCheck(response, origin, credentials);
        return new Outcome(preflight, Optional.of(response), failure.isEmpty(),
                failure.map(f -> "sent, but the answer is closed to the page: " + f).orElse("sent, and the page reads the answer"));
    }

    /** {@code fetch(path, {credentials})}: a GET. */
    public Outcome get(String path, Credentials credentials) {
        return fetch("GET", path, List.of(), "", credentials);
    }

    /**
     * What happened.
     *
     * @param preflight the preflight's answer, if one was needed
     * @param response  the real request's answer, if the browser sent it
     * @param readable  whether the page's script may read that answer
     * @param verdict   one line saying why
     */
    public record Outcome(Optional<HttpResponse<String>> preflight, Optional<HttpResponse<String>> response, boolean readable,
                          String verdict) {

        /** Whether the real request reached the server (with whatever it changes there). */
        public boolean sent() {
            return response.isPresent();
        }

        /** The body the page reads; empty when it may not read it. */
        public Optional<String> body() {
            return readable ? response.map(HttpResponse::body) : Optional.empty();
        }
    }

    /**
     * The CORS check (Fetch §4.10) of {@code response} for a request from {@code origin}: empty on
     * success, otherwise why the browser closes the answer to the page.
     */
    public static Optional<String> corsCheck(HttpResponse<?> response, String origin, Credentials credentials) {
        var allowOrigin = combined(response, "Access-Control-Allow-Origin");
        if (allowOrigin.isEmpty()) {
            return Optional.of("no Access-Control-Allow-Origin");
        }
        if (credentials != Credentials.INCLUDE && allowOrigin.get().equals("*")) {
            return Optional.empty();
        }
        if (!allowOrigin.get().equals(origin)) {
            return Optional.of("Access-Control-Allow-Origin is " + allowOrigin.get() + ", not " + origin
                    + (allowOrigin.get().equals("*") ? " (a wildcard never covers a request with credentials)" : ""));
        }
        if (credentials != Credentials.INCLUDE) {
            return Optional.empty();
        }
        var allowCredentials = combined(response, "Access-Control-Allow-Credentials");
        return allowCredentials.equals(Optional.of("true")) ? Optional.empty()
                : Optional.of("credentials were sent but Access-Control-Allow-Credentials is not true");
    }

    /**
     * Why a preflight answer does not grant a page at {@code origin} the {@code method} with
     * {@code unsafeHeaders}; empty when it does (Fetch §4.8). The CORS check on a preflight uses the
     * real request's credentials mode, though the preflight itself carries no cookie.
     */
    public static Optional<String> preflightRefusal(HttpResponse<?> preflight, String origin, String method, List<String> unsafeHeaders,
                                                    Credentials credentials) {
        var check = corsCheck(preflight, origin, credentials);
        if (check.isPresent()) {
            return check;
        }
        if (preflight.statusCode() < 200 || preflight.statusCode() > 299) {
            return Optional.of("status " + preflight.statusCode());
        }
        var methods = listValues(preflight, "Access-Control-Allow-Methods");
        var headerNames = listValues(preflight, "Access-Control-Allow-Headers").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        var wildcardsCount = credentials != Credentials.INCLUDE;
        if (!methods.contains(method) && !SAFELISTED_METHODS.contains(method) && !(wildcardsCount && methods.contains("*"))) {
            return Optional.of(method + " is not among the allowed methods " + methods);
        }
        for (var name : unsafeHeaders) {
            // Authorization is never covered by "*" (a "CORS non-wildcard request-header name").
            var wildcard = wildcardsCount && headerNames.contains("*") && !name.equals("authorization");
            if (!headerNames.contains(name) && !wildcard) {
                return Optional.of("header " + name + " is not among the allowed headers " + headerNames);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> combined(HttpResponse<?> response, String name) {
        var values = response.headers().allValues(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    private static List<String> listValues(HttpResponse<?> response, String name) {
        return response.headers().allValues(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip)
                .filter(v -> !v.isEmpty())
                .toList();
    }

    /** fetch() upper-cases these methods and leaves any other as written (so "patch" stays "patch"). */
    private static String normalize(String method) {
        var upper = method.toUpperCase(Locale.ROOT);
        return Set.of("DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT").contains(upper) ? upper : method;
    }

    private static boolean allowedToSet(String name, String value) {
        var lower = name.toLowerCase(Locale.ROOT);
        if (FORBIDDEN.contains(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) {
            return false;
        }
        if (METHOD_OVERRIDES.contains(lower)) {
            return Arrays.stream(value.split(",")).map(v -> v.strip().toUpperCase(Locale.ROOT))
                    .noneMatch(Set.of("CONNECT", "TRACE", "TRACK")::contains);
        }
        return true;
    }

    /** The names a preflight must ask about: lower-cased, sorted, without duplicates (Fetch, "CORS-unsafe request-header names"). */
    static List<String> unsafeHeaderNames(List<Map.Entry<String, String>> headers) {
        var unsafe = new TreeSet<String>();
        var safelistedBytes = 0;
        var safelisted = new ArrayList<String>();
        for (var header : headers) {
            var name = header.getKey().toLowerCase(Locale.ROOT);
            if (safelisted(name, header.getValue())) {
                safelisted.add(name);
                safelistedBytes += header.getValue().length();
            } else {
                unsafe.add(name);
            }
        }
        if (safelistedBytes > 1024) {
            unsafe.addAll(safelisted);
        }
        return List.copyOf(unsafe);
    }

    private static boolean safelisted(String name, String value) {
        if (value.length() > 128) {
            return false;
        }
        return switch (name) {
            case "accept" -> value.chars().noneMatch(CrossOriginFetch::unsafeByte);
            case "accept-language", "content-language" -> value.matches("[0-9A-Za-z *,\\-.;=]*");
            case "content-type" -> value.chars().noneMatch(CrossOriginFetch::unsafeByte)
                    && SIMPLE_CONTENT_TYPES.contains(value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
            default -> false;
        };
    }

    private static boolean unsafeByte(int c) {
        return c < 0x20 && c != 0x09 || c == 0x7f || "\"():<>?@[\\]{}".indexOf(c) >= 0;
    }
}
