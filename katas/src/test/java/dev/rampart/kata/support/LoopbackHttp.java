package dev.rampart.kata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real HTTP to a server the test started on the loopback interface: requests go over a socket
 * and through the whole server stack, nothing is mocked. Paths are sent as written, so
 * percent-encoded payloads reach the server still encoded.
 *
 * <p>{@link #request} writes the request byte for byte as given, headers included: the JDK's
 * client refuses to send some headers ({@code Host} among them) and adds others, and the header
 * katas need exactly what an attacker sends.
 */
public final class LoopbackHttp {

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** @param port the port the server listens on, on 127.0.0.1 */
    public LoopbackHttp(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** The origin requests go to: {@code http://127.0.0.1:<port>}. */
    public URI base() {
        return base;
    }

    public int port() {
        return base.getPort();
    }

    /**
     * A request written as given: {@code target} goes on the request line unchanged, headers in
     * the order added (duplicates allowed). {@code Host} defaults to {@code 127.0.0.1:<port>}.
     */
    public Exchange request(String method, String target) {
        return new Exchange(method, target);
    }

    /** One request being put together; {@link #send()} writes it on a fresh connection. */
    public final class Exchange {

        private final String method;
        private final String target;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private String body = "";

        private Exchange(String method, String target) {
            this.method = method;
            this.target = target;
        }

        public Exchange header(String name, String value) {
            headers.add(Map.entry(name, value));
            return this;
        }

        /** Adds every header of {@code more}, in its order. */
        public Exchange headers(List<Map.Entry<String, String>> more) {
            headers.addAll(more);
            return this;
        }

        /** A body, sent with its {@code Content-Length}; set {@code Content-Type} with {@link #header}. */
        public Exchange body(String text) {
            this.body = text;
            return this;
        }

        public HttpResponse<String> send() {
            return WireExchange.send(base, method, target, headers, body);
        }
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, "");
    }

    public HttpResponse<String> postJson(String path, String json) {
        return send("POST", path, json);
    }

    /** Any method; an empty body is sent as no body. JSON bodies are labelled as such. */
    public HttpResponse<String> send(String method, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + base + path + ": is the server up? " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + base + path, e);
        }
    }
}
