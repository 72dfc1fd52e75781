package dev.rampart.kata.inputvalidation;

import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a password must be before an account is created with it, after NIST SP 800-63B-4 and
 * the OWASP Authentication Cheat Sheet: long enough, not absurdly long, and hard to guess.
 *
 * <p>No composition rules ("an uppercase letter, a digit, a symbol"): "Password123!" obeys them
 * all and sits near the top of every leaked-password list. Guessability is estimated by
 * zxcvbn (the Java port of Dropbox's estimator), which knows common passwords, dictionary
 * words, keyboard walks, dates, l33t substitutions and repeats, and is told the user's own
 * name and address so a password built from them scores low.
 */
public final class PasswordPolicy {

    /** NIST SP 800-63B-4: at least 15 characters when the password is the only factor. */
    private static final int MIN_LENGTH = 15;
    /** Long enough for any passphrase; short enough that hashing it cannot be used to stall the server. */
    private static final int MAX_LENGTH = 128;
    /** zxcvbn's 3: "safely unguessable", about 10^8 guesses or more. */
    private static final int MIN_SCORE = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /** The rules the password breaks; empty when it is good enough. */
    public List<String> problems(Registration registration) {
        var password = Objects.requireNonNullElse(registration.password(), "");
        // Length in code points, as a person counts characters: an emoji is one, not two.
        var length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return List.of("password: use at least " + MIN_LENGTH + " characters; a few unrelated words make a good one");
        }
        if (length > MAX_LENGTH) {
            // Checked before the estimator runs: its cost grows with the length.
            return List.of("password: use at most " + MAX_LENGTH + " characters");
        }
        if (password.codePoints().anyMatch(Character::isISOControl)) {
            // A NUL ends the password early in C-based hashing libraries; no keyboard types these.
            return List.of("password: remove control characters; every printable character and space is fine");
        }
        var strength = zxcvbn.measure(password, personalWords(registration));
        if (strength.getScore() < MIN_SCORE) {
            var warning = strength.getFeedback().getWarning();
            return List.of("password: too easy to guess" + (warning == null || warning.isBlank() ? "" : " (" + warning + ")")
                    + "; add more unrelated words");
        }
        return List.of();
    }

    /** The user's own words, which an attacker targeting them would try first. */
    private static List<String> personalWords(Registration registration) {
        var words = new ArrayList<String>();
        Stream.of(registration.username(), registration.displayName(), registration.email())
                .filter(Objects::nonNull)
                .forEach(value -> {
                    words.add(value);
                    words.addAll(List.of(value.split("[\\s@._+'-]+")));
                });
        words.removeIf(String::isBlank);
        return words;
    }
}
