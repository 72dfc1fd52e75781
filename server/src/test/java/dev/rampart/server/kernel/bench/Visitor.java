package dev.rampart.server.kernel.bench;

import static dev.rampart.server.kernel.bench.LoadJson.json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A signed-in browser: its cookies, and the Origin and CSRF header the page sends on every call. */
final class Visitor {
    final HttpClient http;
    final URI origin;
    final String cookies;
    private final String csrf;

    private Visitor(HttpClient http, URI origin, String cookies, String csrf) {
        this.http = http;
        this.origin = origin;
        this.cookies = cookies;
        this.csrf = csrf;
    }

    /** Opens a link that holds a token, as a browser does: the server answers with the session's cookies. */
    static Visitor signIn(URI origin, String link) throws Exception {
        var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        var response = http.send(HttpRequest.newBuilder(origin.resolve(link)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 303) {
            throw new IllegalStateException("signing in answered " + response.statusCode());
        }
        var pairs = response.headers().allValues("Set-Cookie").stream().map(c -> c.substring(0, c.indexOf(';'))).toList();
        var csrf = pairs.stream().filter(c -> c.startsWith("rampart-csrf-")).map(c -> c.substring(c.indexOf('=') + 1))
                .findFirst().orElseThrow(() -> new IllegalStateException("no CSRF cookie after signing in"));
        return new Visitor(http, origin, String.join("; ", pairs), csrf);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(origin.resolve(path)).timeout(Duration.ofMinutes(5))
                .header("Cookie", cookies).header("Origin", origin.toString()).header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/json");
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
