package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response with the given status and headers ({@code name, value, name, value, ...}), for testing the oracles alone. */
record FakeResponse(int statusCode, HttpHeaders headers, String body) implements HttpResponse<String> {

    static FakeResponse of(int status, String... namesAndValues) {
        var map = new LinkedHashMap<String, List<String>>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.computeIfAbsent(namesAndValues[i], k -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return new FakeResponse(status, HttpHeaders.of(map, (k, v) -> true), "");
    }

    static FakeResponse headers(String... namesAndValues) {
        return of(200, namesAndValues);
    }

    @Override
    public HttpRequest request() {
        return HttpRequest.newBuilder(uri()).build();
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return URI.create("https://site.example/");
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
