package dev.rampart.kata.support;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * How much of a secret a text gives away: the longest run of the secret an attacker can read
 * back from it, raw or in an encoding a careless fix might hide it behind (Base64, hex).
 * A run of {@value #TELLING} characters or more of a random secret is a leak; a mask such as
 * {@code ****} or the secret's length is not. This is the oracle of the katas about secrets:
 * it measures what leaked instead of looking for one expected string.
 *
 * <p>Use it with secrets the test generates at random (see {@link #randomSecret(int)}), so a
 * run that long cannot be in the text by chance.
 */
public final class Leaks {

    /** Characters of a random secret that cannot appear in a text by chance. */
    public static final int TELLING = 6;

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Leaks() {
    }

    /** What the text gives away: the recovered run and the form it was found in. */
    public record Leak(String form, String recovered) {
        public int length() {
            return recovered.length();
        }

        public boolean telling() {
            return length() >= TELLING;
        }
    }

    /** The largest piece of {@code secret} that {@code text} reveals, measured in characters of the secret. */
    public static Leak measure(String secret, String text) {
        var bytes = secret.getBytes(StandardCharsets.UTF_8);
        var forms = List.of(
                new Leak("as is", longestCommonRun(secret, text)),
                scaled("Base64", longestCommonRun(Base64.getEncoder().withoutPadding().encodeToString(bytes), text), 3, 4),
                scaled("hex", longestCommonRun(HexFormat.of().formatHex(bytes), text), 1, 2),
                scaled("hex", longestCommonRun(HexFormat.of().withUpperCase().formatHex(bytes), text), 1, 2));
        return forms.stream().reduce((a, b) -> b.length() > a.length() ? b : a).orElseThrow();
    }

    /** An encoded run, counted in the secret characters it decodes to. */
    private static Leak scaled(String form, String run, int numerator, int denominator) {
        return new Leak(form, run.isEmpty() ? "" : run.substring(0, run.length() * numerator / denominator));
    }

    /** A fresh secret of letters and digits, from {@link SecureRandom}. */
    public static String randomSecret(int length) {
        var out = new StringBuilder(length);
        RANDOM.ints(length, 0, ALPHANUMERIC.length()).forEach(i -> out.append(ALPHANUMERIC.charAt(i)));
        return out.toString();
    }

    /** The longest substring the two strings share (dynamic programming; both are short). */
    static String longestCommonRun(String a, String b) {
        int best = 0;
        int bestEnd = 0;
        var previous = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            var current = new int[b.length() + 1];
            for (int j = 1; j <= b.length(); j++) {
                if (a.charAt(i - 1) == b.charAt(j - 1)) {
                    current[j] = previous[j - 1] + 1;
                    if (current[j] > best) {
                        best = current[j];
                        bestEnd = i;
                    }
                }
            }
            previous = current;
        }
        return a.substring(bestEnd - best, bestEnd);
    }
}
