package dev.rampart.kata.secretscanner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules that read a file as text, whatever its language: known secret formats (cloud keys,
 * private key blocks, JWTs, passwords in connection strings and in HTTP Basic credentials),
 * secret-named assignments, and high-entropy string literals. Adjacent string literals are
 * joined first, so a key split as {@code "AKIAIOSF" + "ODNN7EXAMPLE"} is seen whole; and a
 * Base64 run that decodes to text is read again with every rule, so a key does not stop being
 * a key when it is encoded (a Kubernetes Secret's {@code data}, a Docker {@code auth}).
 */
final class TextRules {

    private static final String LITERAL = "\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'";
    /** Two or more literals joined by + (Java, Kotlin, JavaScript) or only by white space (Python, C). */
    private static final Pattern LITERAL_RUN = Pattern.compile("(?:" + LITERAL + ")(?:(?:\\s*\\+\\s*|\\s+)(?:" + LITERAL + "))+");
    private static final Pattern ONE_LITERAL = Pattern.compile(LITERAL);

    /** AWS access key IDs: long-term (AKIA), temporary (ASIA) and the other documented prefixes, base32 body. */
    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])([A-Z2-7]{16}))(?![A-Z0-9])");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ((?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----[\\s\\S]{1,16384}?-----END [A-Z ]*PRIVATE KEY( BLOCK)?-----");
    private static final Pattern JWT = Pattern.compile("(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,})\\.(eyJ[A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]*)");
    private static final Pattern URL = Pattern.compile("(?i)(?:jdbc:)?[a-z][a-z0-9+.-]*://[^\\s'\"<>`]+");
    private static final Pattern URL_PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;](?:password|pwd|pass)=([^&;#\\s]+)");
    /** name = "value", name: "value", name := "value", val name: Type = "value", "name": "value". */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![\\w.-])([A-Za-z_][\\w.-]*)[\"']?\\s*(?::\\s*[A-Za-z_][\\w<>?]*\\s*)?(?:=|:=|:|=>)\\s*(?:\\(\\s*)?(?<q>[\"'`])([^\"'`\\n]{8,})\\k<q>");
    private static final Pattern QUOTED_TOKEN = Pattern.compile("([\"'])([A-Za-z0-9+/=_-]{32,128})\\1");
    private static final Pattern SRI_HASH = Pattern.compile("sha(1|256|384|512)-.*");
    /** HTTP Basic credentials: an Authorization header, or the "auth" of a Docker config. */
    private static final Pattern BASIC_AUTH = Pattern.compile("(?i)(?:\\bBasic\\s+|[\"']auth[\"']\\s*:\\s*[\"'])([A-Za-z0-9+/]{8,}={0,2})");
    private static final Pattern USER_PASSWORD = Pattern.compile("([^:\\s]*):(\\S+)");
    /** Base64 or Base64url, long enough to hide a key: decoded and read again. */
    private static final Pattern BASE64_RUN = Pattern.compile("(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextRules() {
    }

    static List<Hit> scan(String original) {
        var text = joinLiterals(original);
        var hits = new ArrayList<Hit>();
        find(text, AWS_KEY_ID, m -> Secrets.entropy(m.group(2)) >= 2.5 ? Optional.of(m.group(1)) : Optional.empty(),
                "aws-access-key-id", hits);
        find(text, PRIVATE_KEY, m -> Optional.of(m.group()), "private-key", hits);
        find(text, JWT, m -> isJwtHeader(m.group(1)) ? Optional.of(m.group()) : Optional.empty(), "jwt", hits);
        find(text, URL, m -> passwordIn(m.group()), "password-in-url", hits);
        find(text, ASSIGNMENT, m -> {
            var value = m.group(3);
            return Secrets.isSecretName(m.group(1)) && !Secrets.isPlaceholder(value) && value.chars().noneMatch(Character::isWhitespace)
                    && Secrets.entropy(value) >= 3.0 ? Optional.of(value) : Optional.empty();
        }, "secret-assignment", hits);
        find(text, QUOTED_TOKEN, m -> {
            var value = m.group(2);
            // Hex (commit ids, checksums) never reaches 4.5 bits a character: at most 4.
            return !SRI_HASH.matcher(value).matches() && !isAlphabet(value)
                    && Secrets.entropy(value) >= 4.5 ? Optional.of(value) : Optional.empty();
        }, "high-entropy-string", hits);
        find(text, BASIC_AUTH, m -> decoded(m.group(1)).map(USER_PASSWORD::matcher).filter(Matcher::matches)
                .map(credentials -> credentials.group(2)).filter(p -> !Secrets.isPlaceholder(p)), "basic-auth", hits);
        // Decoding shrinks the text by a quarter, so encodings inside encodings (a Docker config
        // inside a Kubernetes Secret) are read to the bottom and the recursion ends.
        var encoded = BASE64_RUN.matcher(text);
        while (encoded.find()) {
            var line = lineOf(text, encoded.start());
            decoded(encoded.group()).ifPresent(inner -> scan(inner).forEach(hit -> hits.add(new Hit(line, "encoded-" + hit.rule(), hit.secret()))));
        }
        return hits;
    }

    /**
     * The text a Base64 or Base64url run stands for, if it is text (valid UTF-8). Hashes, images
     * and a certificate's body decode to bytes that almost never are.
     */
    static Optional<String> decoded(String run) {
        try {
            var bytes = run.indexOf('-') >= 0 || run.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(run) : Base64.getDecoder().decode(run);
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private interface Extractor {
        Optional<String> secretOf(Matcher m);
    }

    private static void find(String text, Pattern pattern, Extractor extractor, String rule, List<Hit> into) {
        var m = pattern.matcher(text);
        while (m.find()) {
            var start = m.start();
            extractor.secretOf(m).ifPresent(secret -> into.add(new Hit(lineOf(text, start), rule, secret)));
        }
    }

    /**
     * Replaces each run of joined literals by one literal holding their concatenation, followed
     * by the line breaks the run spanned, so every later line keeps its number.
     */
    static String joinLiterals(String text) {
        var run = LITERAL_RUN.matcher(text);
        var out = new StringBuilder(text.length());
        while (run.find()) {
            var joined = new StringBuilder();
            var piece = ONE_LITERAL.matcher(run.group());
            while (piece.find()) {
                joined.append(piece.group(), 1, piece.group().length() - 1);
            }
            var quote = run.group().charAt(0);
            var lineBreaks = (int) run.group().chars().filter(c -> c == '\n').count();
            run.appendReplacement(out, Matcher.quoteReplacement(quote + joined.toString() + quote + "\n".repeat(lineBreaks)));
        }
        return run.appendTail(out).toString();
    }

    /** "ABCDEFGH...": every character differs, so the entropy is high, but half of them just follow the previous one. */
    private static boolean isAlphabet(String value) {
        int steps = 0;
        for (int i = 1; i < value.length(); i++) {
            if (value.charAt(i) == value.charAt(i - 1) + 1) {
                steps++;
            }
        }
        return steps >= value.length() / 2;
    }

    /** A JWT's first part is a Base64url JSON object naming its algorithm; anything else is a look-alike. */
    private static boolean isJwtHeader(String part) {
        try {
            var header = JSON.readTree(Base64.getUrlDecoder().decode(part));
            return header.path("alg").isTextual();
        } catch (IllegalArgumentException | java.io.IOException e) {
            return false;
        }
    }

    /** The password of user:password@host, or of a password= parameter, unless it is a placeholder. */
    private static Optional<String> passwordIn(String url) {
        var candidate = Optional.<String>empty();
        var uri = url.replaceFirst("(?i)^jdbc:", "");
        try {
            var userInfo = new URI(uri).getRawUserInfo();
            if (userInfo != null && userInfo.indexOf(':') >= 0) {
                candidate = Optional.of(decode(userInfo.substring(userInfo.indexOf(':') + 1)));
            }
        } catch (URISyntaxException e) {
            // Not a well-formed URI (a template, an unencoded character): read user:password@ directly.
            var m = Pattern.compile("^[^:/]+://([^/@\\s]*):([^/@\\s]*)@").matcher(uri);
            if (m.find()) {
                candidate = Optional.of(m.group(2));
            }
        }
        if (candidate.isEmpty()) {
            var m = URL_PASSWORD_PARAMETER.matcher(uri);
            if (m.find()) {
                candidate = Optional.of(decode(m.group(1)));
            }
        }
        return candidate.filter(p -> !Secrets.isPlaceholder(p));
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
