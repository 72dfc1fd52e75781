package dev.rampart.kata.hardcodedsecrets;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * How much of a secret a text gives away: the longest run of the secret an attacker can read
 * back from it, raw or in an encoding a careless fix might hide it behind (Base64, hex).
 * A run of {@value #TELLING} characters or more of a random secret is a leak; a mask such as
 * {@code ****} or the secret's length is not.
 */
final class Leaks {

    /** Characters of a random secret that cannot appear in a text by chance. */
    static final int TELLING = 6;

    private Leaks() {
    }

    /** What the text gives away: the recovered run and the form it was found in. */
    record Leak(String form, String recovered) {
        int length() {
            return recovered.length();
        }

        boolean telling() {
            return length() >= TELLING;
        }
    }

    /** The largest piece of {@code secret} that {@code text} reveals, measured in characters of the secret. */
    static Leak measure(String secret, String text) {
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
