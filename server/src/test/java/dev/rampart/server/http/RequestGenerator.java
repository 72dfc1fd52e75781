package dev.rampart.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests for {@link RequestFuzzTest}, from a seeded {@link Random}: a route with its holes
 * filled, a method, a query, headers and a body, each drawn from shapes an honest client, a
 * careless one and an attacker would send. Keeps a signed-in browser's cookies, and signs in
 * again when a request signed it out.
 */
final class RequestGenerator {

    /** A request ready for {@link RawHttp#send}. */
    record Request(String method, String target, List<String> headers, byte[] body) {

        String head() {
            return method + " " + target + " HTTP/1.1" + (headers.isEmpty() ? "" : "\r\n" + String.join("\r\n", headers));
        }

        String describe() {
            var shown = new String(body, StandardCharsets.UTF_8);
            return method + " " + cut(target, 120) + " " + headers.stream().map(h -> cut(h, 60)).toList() + " body "
                    + body.length + " bytes: " + cut(shown.replaceAll("\\p{Cntrl}", "?"), 80);
        }

        private static String cut(String text, int max) {
            return text.length() > max ? text.substring(0, max) + "…(" + text.length() + ")" : text;
        }
    }

    private static final String[] ROUTES = {
        "/", "/login", "/logout", "/notebook.html", "/index.html", "/public/login.css", "/webjars/{x}/{x}.js", "/api", "/api/",
        "/api/contents", "/api/contents/{p}", "/api/contents/{p}/checkpoints", "/api/contents/{p}/checkpoints/{c}",
        "/api/katas", "/api/katas/{k}", "/api/katas/{k}/files/{f}", "/api/katas/{k}/reset", "/api/katas/{k}/checkpoints",
        "/api/katas/{k}/checkpoints/{c}", "/api/katas/{k}/attacks",
        "/api/kernelspecs", "/api/kernels", "/api/kernels/{id}", "/api/kernels/{id}/interrupt", "/api/kernels/{id}/restart",
        "/api/kernels/{id}/channels", "/api/sessions", "/api/sessions/{id}",
        "/dojo/board.html", "/api/dojo/board", "/api/dojo/participants", "/api/dojo/participants/{id}",
        "/api/dojo/participants/{id}/katas/{k}/reset", "/api/dojo/pause", "/api/dojo/resume", "/api/dojo/end",
        "/api/dojo/export.csv", "/api/dojo/export.json",
        "/api/interview/status", "/interview/report.html", "/api/interview/report", "/api/interview/report.json",
        "/api/interview/end", "/{x}", "/api/{x}",
    };
    /** The app's routes with their methods (as registered), which most requests aim at. */
    private static final String[] ROUTED = {
        "GET /login", "POST /login", "POST /logout", "GET /", "GET /notebook.html",
        "GET /api/contents", "GET /api/contents/{p}", "POST /api/contents", "POST /api/contents/{p}", "PUT /api/contents/{p}",
        "PATCH /api/contents/{p}", "DELETE /api/contents/{p}", "GET /api/contents/{p}/checkpoints",
        "POST /api/contents/{p}/checkpoints", "POST /api/contents/{p}/checkpoints/{c}", "DELETE /api/contents/{p}/checkpoints/{c}",
        "GET /api/katas", "GET /api/katas/{k}", "GET /api/katas/{k}/files/{f}", "PUT /api/katas/{k}/files/{f}",
        "POST /api/katas/{k}/reset", "GET /api/katas/{k}/checkpoints", "POST /api/katas/{k}/checkpoints/{c}",
        "POST /api/katas/{k}/attacks", "GET /api/kernelspecs", "GET /api/kernels", "POST /api/kernels", "GET /api/kernels/{id}",
        "DELETE /api/kernels/{id}", "POST /api/kernels/{id}/interrupt", "POST /api/kernels/{id}/restart",
        "GET /api/sessions", "POST /api/sessions", "GET /api/sessions/{id}", "PATCH /api/sessions/{id}", "DELETE /api/sessions/{id}",
    };
    private static final String[] GOOD_PATHS = {"notebooks/lesson.ipynb", "notebooks", "", "notebooks/{n}.ipynb", "x{n}.ipynb"};
    private static final String[] GOOD_KATAS = {"demo-kata"};
    private static final String[] PATHS = {
        "notebooks/lesson.ipynb", "notebooks", "", "x.ipynb", "notebooks/{n}.ipynb", "{n}", "notebooks/{n}",
        "../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e/x.ipynb", "%252e%252e/x", "%uff0e.ipynb", "%", "%zz", "%e9.ipynb",
        "{long}.ipynb", "{utf8}.ipynb", ".hidden.ipynb", "notebooks/.ipynb_checkpoints/lesson-checkpoint.ipynb",
        "a/b/c/d/e.ipynb", "%00x.ipynb", "x%0d%0aSet-Cookie:%20a=b.ipynb", "notebooks//lesson.ipynb", "notebooks/./lesson.ipynb",
        "src/main/java", "README.md", "x;jsessionid=1.ipynb", "~root", "{deep}", "C:%5Cwindows", "%5C..%5C", "%C0%AE%C0%AE/x",
    };
    private static final String[] KATAS = {"demo-kata", "nope", "..", "%2e%2e", "DEMO-KATA", "{long}", "%", "sql-injection", ""};
    private static final String[] FILES = {"Greeter.java", "Demo.java", "x.java", "..%2F..%2Fpom.xml", "README.md", "{long}.java", "%zz"};
    private static final String[] IDS = {"k1", "k2", "k999", "00000000-0000-0000-0000-000000000000", "%", "..%2Fx", "{long}", "p1"};
    private static final String[] QUERIES = {
        "", "", "", "?content=0", "?content=1", "?token={token}", "?token=wrong", "?x=%", "?a=1&a=2", "?token=", "?{long}=1",
        "?path=%2e%2e%2f", "?type=directory",
    };
    private static final String[] METHODS = {"GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO"};
    private static final String[] CONTENT_TYPES = {
        null, "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
        "application/json; charset=utf-7", "text/plain", "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=bogus!!",
        "multipart/form-data; boundary=x", "multipart/form-data", "multipart/mixed; boundary=\"", "application/xml", "", ";;;",
        "a/b; c=\"",
    };
    private static final String[] ORIGINS = {null, null, "{self}", "https://evil.example", "null", "http://127.0.0.1:1"};

    private final Random random;
    private final TestServer server;
    private final byte[] notebook;
    private final List<String> kernelIds = new ArrayList<>();
    private Browser browser;
    private int counter;
    private boolean lastPhase;

    RequestGenerator(Random random, TestServer server) {
        this.random = random;
        this.server = server;
        this.browser = server.signIn();
        try (var in = RequestGenerator.class.getResourceAsStream("/notebooks/jupyter-written.ipynb")) {
            notebook = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next request; with {@code wrongCredentials}, some carry a wrong token (and so lock this client out). */
    Request next(boolean wrongCredentials) {
        counter++;
        String method;
        String route;
        if (random.nextInt(10) < 7) {
            var routed = pick(ROUTED).split(" ");
            method = routed[0];
            route = routed[1];
        } else {
            method = pick(METHODS);
            route = pick(ROUTES);
        }
        var sane = random.nextBoolean();
        route = route.replace("{p}", pick(sane ? GOOD_PATHS : PATHS)).replace("{k}", pick(sane ? GOOD_KATAS : KATAS))
                .replace("{f}", pick(FILES)).replace("{id}", sane ? (kernelIds.isEmpty() ? "k1" : pick(kernelIds.toArray(String[]::new))) : pick(IDS))
                .replace("{c}", random.nextBoolean() ? "checkpoint" : pick(IDS)).replace("{x}", pick(IDS));
        var target = fill(route + pick(QUERIES));
        var headers = new ArrayList<String>();
        // Once wrong tokens come, the right one stays away: a success would reset the count of failures.
        lastPhase = wrongCredentials;
        switch (wrongCredentials ? pick(new int[] {0, 2, 5, 5}) : random.nextInt(5)) {
            case 0 -> { } // not signed in
            case 1 -> headers.add("Authorization: token " + server.token.reveal());
            case 2, 3 -> {
                headers.add("Cookie: " + browser.cookieHeader());
                if (random.nextInt(4) > 0) {
                    headers.add(Authenticator.CSRF_HEADER + ": " + (random.nextInt(5) > 0 ? browser.csrf() : "wrong"));
                }
            }
            case 4 -> headers.add(pick(new String[] {"Cookie: rampart-session-" + server.port() + "=forged", "Cookie: ;;;=",
                "Authorization: Basic dXNlcjpwYXNz", "Authorization: token ", "Authorization: "}));
            default -> headers.add("Authorization: token wrong-" + counter);
        }
        var origin = pick(ORIGINS);
        if (origin != null) {
            headers.add("Origin: " + origin.replace("{self}", server.origin()));
        }
        if (random.nextInt(6) == 0) {
            headers.add("Sec-Fetch-Site: " + pick(new String[] {"same-origin", "cross-site", "none", "bogus"}));
        }
        if (random.nextInt(5) == 0) {
            headers.add("If-Match: " + pick(new String[] {"\"abc\"", "*", "garbage", "\"\"", "W/\"x\""}));
        }
        if (random.nextInt(8) == 0) {
            headers.add("Accept: " + pick(new String[] {"text/html", "application/json", "*/*", ";;", "application/x-ndjson"}));
        }
        if (random.nextInt(12) == 0) {
            headers.add("Range: " + pick(new String[] {"bytes=0-10", "bytes=garbage", "bytes=-1"}));
        }
        var contentType = pick(CONTENT_TYPES);
        if (contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        var body = method.equals("GET") || method.equals("HEAD") ? (random.nextInt(10) == 0 ? body() : new byte[0]) : body();
        return new Request(method, target, headers, body);
    }

    /** What came back: a request that signed the browser out (or found its session gone) gets a fresh one. */
    void heard(Request request, RawHttp.Answer answer) {
        var id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(answer.body());
        if (answer.status() < 300 && id.find() && kernelIds.size() < 20) {
            kernelIds.add(id.group(1)); // a kernel's or a session's id, for later requests to aim at
        }
        var usedCookie = request.headers().stream().anyMatch(h -> h.startsWith("Cookie: rampart-session") && h.contains(browser.cookieHeader()));
        if (request.target().startsWith("/logout") || usedCookie && answer.status() == 401) {
            try {
                browser = server.signIn();
            } catch (IllegalStateException lockedOut) {
                // Locked out by the wrong tokens of the last phase: keep the old cookie.
            }
        }
    }

    private byte[] body() {
        var text = switch (random.nextInt(22)) {
            case 0 -> "";
            case 1 -> "{}";
            case 2 -> "{\"type\":\"notebook\",\"content\":" + new String(notebook, StandardCharsets.UTF_8) + "}";
            case 3 -> "{\"type\":\"notebook\",\"content\":{\"cells\":7}}";
            case 4 -> "{\"type\":\"directory\"}";
            case 5 -> "{\"copy_from\":\"" + pick(PATHS) + "\"}";
            case 6 -> "{\"path\":\"" + pick(PATHS) + "\",\"type\":\"notebook\",\"name\":\"x\"}";
            case 7 -> "{\"path\":1,\"copy_from\":null,\"name\":[]}";
            case 8 -> "{\"name\":\"Ada\",\"names\":\"a\\nb\\n=cmd|' /C calc'!A0\"}";
            case 9 -> "[]";
            case 10 -> "null";
            case 11 -> "\"text\"";
            case 12 -> "[".repeat(5000) + "]".repeat(5000);
            case 13 -> "{\"a\":1,\"a\":2}";
            case 14 -> "{\"n\":1e400,\"m\":-0,\"s\":\"\\ud800\"}";
            case 15 -> "token=" + (random.nextBoolean() && !lastPhase ? server.token.reveal() : "wrong");
            case 16 -> "%%%=&&=%zz&token";
            case 17 -> "--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc\r\n--x--\r\n";
            case 18 -> "\u0000\u0001garbage--x--\r\n--x\r\nnot a part";
            case 19 -> "{\"code\":\"System.exit(0)\",\"kata\":\"demo-kata\"}";
            case 20 -> random.nextInt(8) == 0 ? "x".repeat((1 << 20) + 10) : "{\"x\":\"" + "y".repeat(5000) + "\"}"; // 1 MiB: the limit
            default -> null;
        };
        if (text != null) {
            return fill(text).getBytes(StandardCharsets.UTF_8);
        }
        var bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes); // not UTF-8, not anything
        return bytes;
    }

    private String fill(String text) {
        return text.replace("{token}", lastPhase ? "wrong" : server.token.reveal())
                .replace("{long}", "a".repeat(random.nextBoolean() ? 250 : 1100))
                .replace("{utf8}", "é".repeat(120))
                .replace("{deep}", "d/".repeat(600) + "x.ipynb")
                .replace("{n}", "new-" + counter);
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
