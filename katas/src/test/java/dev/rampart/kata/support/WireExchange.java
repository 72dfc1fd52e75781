package dev.rampart.kata.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/**
 * HTTP/1.1 over a plain socket: the request goes out exactly as built, one request per
 * connection ({@code Connection: close}), and the answer is read to the end of the stream.
 */
final class WireExchange {

    private static final int TIMEOUT_MILLIS = 10_000;

    private WireExchange() {
    }

    static HttpResponse<String> send(URI base, String method, String target, List<Map.Entry<String, String>> headers, String body) {
        var head = new StringBuilder().append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("Host"))) {
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        }
        for (var header : headers) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        var bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            head.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            var out = socket.getOutputStream();
            // Header bytes are Latin-1 on the wire (RFC 9110 §5.5); anything else is the payload's business.
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bodyBytes);
            out.flush();
            return parse(base, method, target, socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + base + " to " + method + " " + target
                    + ": is the server up? " + e.getMessage(), e);
        }
    }

    private static HttpResponse<String> parse(URI base, String method, String target, InputStream in) throws IOException {
        var raw = readAll(in);
        var headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd < 0) {
            throw new IOException("the server closed the connection without a complete answer ("
                    + raw.length + " bytes)");
        }
        var lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        var statusLine = lines[0].split(" ", 3);
        var status = Integer.parseInt(statusLine[1]);
        var headers = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
        }
        var bodyBytes = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        if (method.equalsIgnoreCase("HEAD") || status == 204 || status == 304 || status < 200) {
            bodyBytes = new byte[0];
        } else if (first(headers, "Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            bodyBytes = dechunk(bodyBytes);
        } else {
            var length = first(headers, "Content-Length").map(Integer::parseInt);
            if (length.isPresent() && length.get() < bodyBytes.length) {
                bodyBytes = java.util.Arrays.copyOf(bodyBytes, length.get());
            }
        }
        var body = new String(bodyBytes, charset(first(headers, "Content-Type")));
        var ordered = new LinkedHashMap<String, List<String>>();
        headers.forEach(ordered::put);
        return new WireResponse(status, HttpHeaders.of(ordered, (k, v) -> true), body, uri(base, target), method);
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
    }

    private static Charset charset(Optional<String> contentType) {
        return contentType.flatMap(type -> java.util.Arrays.stream(type.split(";"))
                        .map(String::strip)
                        .filter(p -> p.toLowerCase(Locale.ROOT).startsWith("charset="))
                        .map(p -> p.substring("charset=".length()).replace("\"", ""))
                        .findFirst())
                .flatMap(name -> {
                    try {
                        return Optional.of(Charset.forName(name));
                    } catch (IllegalArgumentException unknown) {
                        return Optional.empty();
                    }
                })
                .orElse(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            var lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (lineEnd < 0) {
                break;
            }
            var sizeText = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            var size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        return indexOf(data, needle, 0);
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static URI uri(URI base, String target) {
        try {
            return target.startsWith("/") ? URI.create(base + target) : URI.create(target);
        } catch (IllegalArgumentException notAUri) {
            return base;
        }
    }

    /** The answer, as the JDK's {@link HttpResponse} so every response oracle reads both kinds alike. */
    private record WireResponse(int statusCode, HttpHeaders headers, String body, URI uri, String method)
            implements HttpResponse<String> {

        @Override
        public HttpRequest request() {
            // Only method and URI: the headers sent may be ones the JDK's request type refuses to hold.
            return HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
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
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
