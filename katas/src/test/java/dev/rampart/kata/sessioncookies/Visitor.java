package dev.rampart.kata.sessioncookies;

import dev.rampart.kata.support.JsonBody;
import dev.rampart.kata.support.LoopbackHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.SetCookieParser;

/**
 * One browser talking to the site: a cookie jar fed by every {@code Set-Cookie} the site sends,
 * each parsed by Jetty's RFC 6265 parser, and sent back in {@code Cookie} on the next request.
 * A cookie with {@code Max-Age=0} or an {@code Expires} in the past is deleted, as a browser
 * deletes it. The jar keeps {@code Secure} cookies on http://127.0.0.1, as browsers do for loopback
 * (a potentially trustworthy origin); the attributes themselves are judged by the suite.
 */
final class Visitor {

    private static final SetCookieParser PARSER = SetCookieParser.newInstance();

    private final LoopbackHttp http;
    private final Map<String, String> jar = new LinkedHashMap<>();
    private final List<HttpCookie> received = new ArrayList<>();

    Visitor(LoopbackHttp http) {
        this.http = http;
    }

    HttpResponse<String> get(String target) {
        return exchange(http.request("GET", target));
    }

    HttpResponse<String> post(String target, Map<String, String> form) {
        var body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return exchange(http.request("POST", target).header("Content-Type", "application/x-www-form-urlencoded").body(body));
    }

    HttpResponse<String> signIn(String username, String password) {
        return post("/login", Map.of("username", username, "password", password));
    }

    HttpResponse<String> signOut() {
        return post("/logout", Map.of());
    }

    /** Who the site says is signed in: the username {@code /api/me} answers for this browser's cookies. */
    Optional<String> signedInAs() {
        return username(get("/api/me"));
    }

    static Optional<String> username(HttpResponse<String> answer) {
        return answer.statusCode() == 200 ? JsonBody.text(answer, "username") : Optional.empty();
    }

    /** Puts a cookie in the jar, as a subdomain, a plain-HTTP page or an injected script could. */
    Visitor plant(String name, String value) {
        jar.put(name, value);
        return this;
    }

    Map<String, String> cookies() {
        return Map.copyOf(jar);
    }

    /** Every cookie the site has set in this browser, in order, as parsed (cookies the parser rejects are left out). */
    List<HttpCookie> received() {
        return List.copyOf(received);
    }

    private HttpResponse<String> exchange(LoopbackHttp.Exchange request) {
        if (!jar.isEmpty()) {
            request.header("Cookie", jar.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; ")));
        }
        var answer = request.send();
        for (var header : answer.headers().allValues("Set-Cookie")) {
            var cookie = PARSER.parse(header);
            if (cookie == null) {
                continue;
            }
            received.add(cookie);
            if (cookie.getMaxAge() == 0 || cookie.isExpired()) {
                jar.remove(cookie.getName());
            } else {
                jar.put(cookie.getName(), cookie.getValue());
            }
        }
        return answer;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
