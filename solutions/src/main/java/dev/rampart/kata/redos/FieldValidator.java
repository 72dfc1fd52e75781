package dev.rampart.kata.redos;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks and tidies the free-text fields of the community site: the sign-up e-mail address,
 * links in profiles, comments and the search box.
 *
 * <p>Every method takes a {@link CharSequence}, as a Bean Validation {@code ConstraintValidator}
 * does, so a request body's buffer can be checked without copying it. The forms' {@code maxlength}
 * attributes use these limits: an e-mail address has at most {@value #MAX_EMAIL} characters
 * (RFC 5321), a link {@value #MAX_LINK}, a comment {@value #MAX_COMMENT} and a search query
 * {@value #MAX_QUERY}.
 *
 * <p>Two rules keep every check linear in the length of its input, whatever an attacker sends:
 * <ul>
 * <li>the limits are enforced here, on {@code length()}, before a single character is read: a
 *     browser's {@code maxlength} binds nobody who sends the request by hand;</li>
 * <li>the patterns run on RE2/J, which simulates every way of matching at once instead of
 *     backtracking through them one by one, so no pattern can take exponential (or quadratic)
 *     time. RE2/J has no backreferences: the two checks that needed one ("the same word
 *     again", "the same quote closes the phrase") are written as code, or as one alternative
 *     per quote character.</li>
 * </ul>
 */
public final class FieldValidator {

    /** The longest e-mail address a mail server delivers to (RFC 5321). */
    public static final int MAX_EMAIL = 254;
    /** The longest link a profile may hold. */
    public static final int MAX_LINK = 2048;
    /** The longest comment. */
    public static final int MAX_COMMENT = 10_000;
    /** The longest search query. */
    public static final int MAX_QUERY = 512;

    /** The longest local part (before the @) RFC 5321 allows. */
    private static final int MAX_LOCAL_PART = 64;

    // Runs of letters, digits, _ + - separated by single dots, then a domain. Written with one
    // way to read each address: a separator is required between runs.
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9_+-]+(?:\\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,24}$");

    // The same pattern as before: on RE2/J its lazy host costs nothing extra.
    private static final Pattern WEB_LINK = Pattern.compile("^(https?)://(.+?)(?::(\\d+))?(/.*)?$");

    // One alternative per quote character instead of a backreference to the opening quote; a
    // backslash is either an escape or ordinary text, never both.
    private static final Pattern QUOTED = Pattern.compile(
            "\"((?:\\\\.|[^\"\\\\\\n])*)\"|'((?:\\\\.|[^'\\\\\\n])*)'");

    /** Whether the text is an e-mail address the sign-up form accepts. */
    public boolean isEmail(CharSequence text) {
        if (text.length() > MAX_EMAIL) {
            return false;
        }
        Matcher matcher = EMAIL.matcher(text);
        return matcher.matches() && localPartLength(text) <= MAX_LOCAL_PART;
    }

    /** Whether the text is an http or https link a profile may show. */
    public boolean isWebLink(CharSequence text) {
        return text.length() <= MAX_LINK && WEB_LINK.matcher(text).matches();
    }

    /** The text without the whitespace at its start and at its end. */
    public String trim(CharSequence text) {
        // One pass from each end: each character is looked at once at most.
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.subSequence(start, end).toString();
    }

    /** The first word of a comment typed twice in a row, as first typed ("Paris in the the spring": "the"). */
    public Optional<String> repeatedWord(CharSequence comment) {
        if (comment.length() > MAX_COMMENT) {
            return Optional.empty();
        }
        // Read the words once, left to right, and compare each with the one before it.
        String previous = null;
        boolean onlySpaceSincePrevious = false;
        int i = 0;
        int length = comment.length();
        while (i < length) {
            char c = comment.charAt(i);
            if (isWordChar(c)) {
                int start = i;
                i = wordEnd(comment, i);
                String word = comment.subSequence(start, i).toString();
                if (previous != null && onlySpaceSincePrevious && previous.equalsIgnoreCase(word)) {
                    return Optional.of(previous);
                }
                previous = word;
                onlySpaceSincePrevious = true;
            } else {
                onlySpaceSincePrevious &= isSpace(c) && c != '\u200c';
                i++;
            }
        }
        return Optional.empty();
    }

    /** The quoted phrases of a search query, in order, without their quotes. */
    public List<String> quotedPhrases(CharSequence query) {
        List<String> phrases = new ArrayList<>();
        if (query.length() > MAX_QUERY) {
            return phrases;
        }
        Matcher matcher = QUOTED.matcher(query);
        while (matcher.find()) {
            String doubleQuoted = matcher.group(1);
            phrases.add(doubleQuoted != null ? doubleQuoted : matcher.group(2));
        }
        return phrases;
    }

    private static int localPartLength(CharSequence address) {
        int at = 0;
        while (address.charAt(at) != '@') {
            at++;
        }
        return at;
    }

    /** Where the word that begins at {@code start} ends: word characters, with single apostrophes inside. */
    private static int wordEnd(CharSequence text, int start) {
        int i = start;
        int length = text.length();
        while (i < length) {
            if (isWordChar(text.charAt(i))) {
                i++;
            } else if (text.charAt(i) == '\'' && i + 1 < length && isWordChar(text.charAt(i + 1))) {
                i += 2;
            } else {
                break;
            }
        }
        return i;
    }

    /** What {@code \w} matches in java.util.regex. */
    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** What {@code \s} matches in java.util.regex, and the zero-width non-joiner editors paste. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u200c';
    }
}
