package dev.rampart.kata.redos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks and tidies the free-text fields of the community site: the sign-up e-mail address,
 * links in profiles, comments and the search box.
 *
 * <p>Every method takes a {@link CharSequence}, as a Bean Validation {@code ConstraintValidator}
 * does, so a request body's buffer can be checked without copying it. The forms' {@code maxlength}
 * attributes use these limits: an e-mail address has at most {@value #MAX_EMAIL} characters
 * (RFC 5321), a link {@value #MAX_LINK}, a comment {@value #MAX_COMMENT} and a search query
 * {@value #MAX_QUERY}.
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

    // A local part of up to 64 dot- or dash-separated runs, then a domain with a top-level name.
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9_+-]+(?:[.-]?[A-Za-z0-9_+-]+){0,63}@(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,24}$");

    // Scheme, host, optional port, optional path.
    private static final Pattern WEB_LINK = Pattern.compile("^(https?)://(.+?)(?::(\\d+))?(/.*)?$");

    // Leading or trailing whitespace, zero-width non-joiners included (editors paste them).
    private static final Pattern EDGE_SPACE = Pattern.compile("^[\\s\\u200c]+|[\\s\\u200c]+$");

    // A word (apostrophes allowed: don't, o'clock) typed twice in a row: "the the".
    private static final Pattern REPEATED_WORD = Pattern.compile(
            "\\b(\\w+(?:'?\\w+)*)\\s+\\1\\b", Pattern.CASE_INSENSITIVE);

    // A phrase in double or single quotes; a backslash escapes the next character.
    private static final Pattern QUOTED = Pattern.compile("([\"'])((?:\\\\.|[^\\n])*?)\\1");

    /** Whether the text is an e-mail address the sign-up form accepts. */
    public boolean isEmail(CharSequence text) {
        return EMAIL.matcher(text).matches();
    }

    /** Whether the text is an http or https link a profile may show. */
    public boolean isWebLink(CharSequence text) {
        return WEB_LINK.matcher(text).matches();
    }

    /** The text without the whitespace at its start and at its end. */
    public String trim(CharSequence text) {
        return EDGE_SPACE.matcher(text).replaceAll("");
    }

    /** The first word of a comment typed twice in a row, as first typed ("Paris in the the spring": "the"). */
    public Optional<String> repeatedWord(CharSequence comment) {
        Matcher matcher = REPEATED_WORD.matcher(comment);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The quoted phrases of a search query, in order, without their quotes. */
    public List<String> quotedPhrases(CharSequence query) {
        List<String> phrases = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(query);
        while (matcher.find()) {
            phrases.add(matcher.group(2));
        }
        return phrases;
    }
}
