package dev.rampart.kata.xssescaping;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny JavaScript lexer, enough to read the profile page's one-line script the way an engine
 * would: identifiers, punctuation, numbers, comments and string literals with their escapes
 * decoded. It answers the tokens, or where the text stopped being valid JavaScript.
 *
 * <p>Line terminators follow ES5 (LF, CR, U+2028, U+2029): a raw one inside a string literal
 * ends the script with a syntax error there. ES2019 later allowed U+2028 and U+2029 inside
 * strings, but a page must also run on the engines that came before, so the oracle is the
 * stricter of the two.
 */
record JsTokens(List<Token> tokens, String error) {

    /** A token: its kind, and its text (a string literal's text is its decoded value). */
    record Token(Kind kind, String text) {
        @Override
        public String toString() {
            return kind == Kind.STRING ? "string " + quoted(text) : text;
        }
    }

    enum Kind { IDENTIFIER, NUMBER, PUNCTUATOR, STRING }

    static JsTokens of(String source) {
        var tokens = new ArrayList<Token>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF') {
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < source.length() && !isLineTerminator(source.charAt(i))) {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) {
                    return new JsTokens(tokens, "a comment opened at offset " + i + " is never closed");
                }
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                var value = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= source.length()) {
                        return new JsTokens(tokens, "the string opened at offset " + i + " is never closed");
                    }
                    char d = source.charAt(j);
                    if (d == c) {
                        break;
                    }
                    if (isLineTerminator(d)) {
                        return new JsTokens(tokens, "a raw line terminator (U+%04X) inside the string opened at offset %d: a syntax error, the page's script does not run"
                                .formatted((int) d, i));
                    }
                    if (d == '\\') {
                        if (j + 1 >= source.length()) {
                            return new JsTokens(tokens, "the string opened at offset " + i + " ends in a lone backslash");
                        }
                        j = escape(source, j + 1, value);
                        if (j < 0) {
                            return new JsTokens(tokens, "a malformed escape inside the string opened at offset " + i);
                        }
                    } else {
                        value.append(d);
                        j++;
                    }
                }
                tokens.add(new Token(Kind.STRING, value.toString()));
                i = j + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int j = i + 1;
                while (j < source.length() && Character.isJavaIdentifierPart(source.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Kind.IDENTIFIER, source.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < source.length() && (Character.isLetterOrDigit(source.charAt(j)) || source.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, source.substring(i, j)));
                i = j;
            } else {
                tokens.add(new Token(Kind.PUNCTUATOR, String.valueOf(c)));
                i++;
            }
        }
        return new JsTokens(tokens, null);
    }

    /** Decodes the escape after a backslash at {@code at}; answers where the string goes on, or -1. */
    private static int escape(String source, int at, StringBuilder value) {
        char e = source.charAt(at);
        switch (e) {
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'v' -> value.append('\u000B');
            case '0' -> value.append('\0');
            case 'x' -> {
                return hex(source, at + 1, 2, value);
            }
            case 'u' -> {
                if (at + 1 < source.length() && source.charAt(at + 1) == '{') {
                    int close = source.indexOf('}', at + 2);
                    if (close < 0) {
                        return -1;
                    }
                    try {
                        value.appendCodePoint(Integer.parseInt(source.substring(at + 2, close), 16));
                    } catch (IllegalArgumentException notHex) {
                        return -1;
                    }
                    return close + 1;
                }
                return hex(source, at + 1, 4, value);
            }
            case '\r' -> {
                // A line continuation: the backslash and the line break are no part of the value.
                return source.startsWith("\r\n", at) ? at + 2 : at + 1;
            }
            case '\n', '\u2028', '\u2029' -> {
                return at + 1;
            }
            default -> value.append(e);
        }
        return at + 1;
    }

    private static int hex(String source, int from, int digits, StringBuilder value) {
        if (from + digits > source.length()) {
            return -1;
        }
        try {
            value.append((char) Integer.parseInt(source.substring(from, from + digits), 16));
        } catch (NumberFormatException notHex) {
            return -1;
        }
        return from + digits;
    }

    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** The value as a Java literal would show it, so invisible characters can be seen. */
    static String quoted(String text) {
        var out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x2028 || cp == 0x2029 || cp == 0x7F) {
                out.append("\\u%04x".formatted(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }
}
