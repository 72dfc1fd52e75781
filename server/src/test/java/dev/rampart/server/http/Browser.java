package dev.rampart.server.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A signed-in browser on this server's own page: sends its cookies, its Origin and the CSRF header. */
final class Browser {

    final TestServer server;
    final Map<String, String> cookies;

    Browser(TestServer server, List<String> setCookies) {
        this.server = server;
        this.cookies = setCookies.stream().map(c -> c.substring(0, c.indexOf(';')))
                .collect(Collectors.toMap(c -> c.substring(0, c.indexOf('=')), c -> c.substring(c.indexOf('=') + 1)));
    }

    String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    String csrf() {
        return cookies.get("rampart-csrf-" + server.port());
    }

    /** A request with the session cookie only (what any page's request would carry, were SameSite not there). */
    HttpRequest.Builder bare(String pathAndQuery) {
        return server.request(pathAndQuery).header("Cookie", cookieHeader());
    }

    /** A request as this server's own scripts make it. */
    HttpRequest.Builder request(String pathAndQuery) {
        return bare(pathAndQuery).header("Origin", server.origin()).header(Authenticator.CSRF_HEADER, csrf());
    }

    HttpResponse<String> get(String pathAndQuery) {
        return server.send(request(pathAndQuery));
    }

    HttpResponse<String> post(String pathAndQuery, String json) {
        return server.send(request(pathAndQuery).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String pathAndQuery, String json, String version) {
        var request = request(pathAndQuery).PUT(HttpRequest.BodyPublishers.ofString(json));
        if (version != null) {
            request.header("If-Match", "\"" + version + "\"");
        }
        return server.send(request);
    }

    HttpResponse<String> patch(String pathAndQuery, String json) {
        return server.send(request(pathAndQuery).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String pathAndQuery) {
        return server.send(request(pathAndQuery).DELETE());
    }
}
