package dev.rampart.kata.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which origins may use a powerful feature (camera, microphone, geolocation, ...) in a document
 * served with this response, per the W3C Permissions Policy spec: the header is an RFC 8941
 * structured-field dictionary, {@code camera=(), geolocation=(self "https://maps.example")};
 * {@code *} is everyone, {@code self} the document's own origin, quoted strings are origins, and
 * {@code ()} no one. A header that does not parse is ignored whole, as RFC 8941 requires. A
 * feature the header does not name keeps its default allowlist, which for the features this
 * oracle asks about is {@code self}: the page itself and anything running in it may prompt.
 *
 * <p>No well-kept Java library parses structured fields (the reference implementation is not on
 * Maven Central), so this is a small parser for the part of RFC 8941 §4.2 that a dictionary of
 * allowlists uses: tokens, strings, inner lists, and parameters (read and ignored).
 */
public final class PermissionsPolicy {

    private final Optional<Map<String, List<String>>> declared;

    private PermissionsPolicy(Optional<Map<String, List<String>>> declared) {
        this.declared = declared;
    }

    public static PermissionsPolicy of(HttpResponse<?> response) {
        var values = response.headers().allValues("Permissions-Policy");
        return new PermissionsPolicy(values.isEmpty() ? Optional.empty() : new Parser(String.join(",", values)).dictionary());
    }

    /** Whether the header was sent and parsed. */
    public boolean isDeclared() {
        return declared.isPresent();
    }

    /** Whether a document served at {@code page} lets script from {@code origin} use {@code feature}. */
    public boolean allows(String feature, URI page, String origin) {
        var allowlist = declared.map(d -> d.get(feature)).orElse(List.of("self"));
        if (allowlist == null) {
            allowlist = List.of("self");
        }
        for (var member : allowlist) {
            if (member.equals("*")
                    || member.equals("self") && Framing.sameOrigin(URI.create(origin), page)
                    || member.startsWith("\"") && Framing.sameOrigin(URI.create(member.substring(1)), URI.create(origin))) {
                return true;
            }
        }
        return false;
    }

    /** RFC 8941 §4.2.2 (dictionary), keeping each member's value as a list of items: tokens as written, strings with a leading quote. */
    private static final class Parser {
        private final String in;
        private int at;

        Parser(String in) {
            this.in = in;
        }

        Optional<Map<String, List<String>>> dictionary() {
            var members = new LinkedHashMap<String, List<String>>();
            try {
                skip(' ');
                while (at < in.length()) {
                    var key = key();
                    List<String> value;
                    if (peek() == '=') {
                        at++;
                        value = peek() == '(' ? innerList() : List.of(item());
                    } else {
                        value = List.of();
                    }
                    parameters();
                    members.put(key, value);
                    skipOws();
                    if (at >= in.length()) {
                        break;
                    }
                    expect(',');
                    skipOws();
                    if (at >= in.length()) {
                        return Optional.empty();
                    }
                }
                return Optional.of(members);
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
        }

        private List<String> innerList() {
            expect('(');
            var items = new ArrayList<String>();
            while (true) {
                skip(' ');
                if (peek() == ')') {
                    at++;
                    return items;
                }
                items.add(item());
                if (peek() != ' ' && peek() != ')') {
                    throw new IllegalArgumentException("inner list");
                }
            }
        }

        private String item() {
            var value = peek() == '"' ? string() : token();
            parameters();
            return value;
        }

        private void parameters() {
            while (peek() == ';') {
                at++;
                skip(' ');
                key();
                if (peek() == '=') {
                    at++;
                    if (peek() == '"') {
                        string();
                    } else {
                        token();
                    }
                }
            }
        }

        private String key() {
            var start = at;
            var c = peek();
            if (!(c >= 'a' && c <= 'z' || c == '*')) {
                throw new IllegalArgumentException("key");
            }
            while (at < in.length() && (Character.isLowerCase(in.charAt(at)) || Character.isDigit(in.charAt(at))
                    || "_-.*".indexOf(in.charAt(at)) >= 0)) {
                at++;
            }
            return in.substring(start, at);
        }

        private String token() {
            var start = at;
            var c = peek();
            if (!(Character.isLetter(c) || c == '*')) {
                throw new IllegalArgumentException("token");
            }
            while (at < in.length() && (Character.isLetterOrDigit(in.charAt(at)) || "!#$%&'*+-.^_`|~:/".indexOf(in.charAt(at)) >= 0)) {
                at++;
            }
            return in.substring(start, at);
        }

        private String string() {
            expect('"');
            var out = new StringBuilder("\"");
            while (at < in.length()) {
                var c = in.charAt(at++);
                if (c == '\\') {
                    out.append(in.charAt(at++));
                } else if (c == '"') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException("unterminated string");
        }

        private char peek() {
            return at < in.length() ? in.charAt(at) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected " + c);
            }
            at++;
        }

        private void skip(char c) {
            while (peek() == c) {
                at++;
            }
        }

        private void skipOws() {
            while (peek() == ' ' || peek() == '\t') {
                at++;
            }
        }
    }
}
