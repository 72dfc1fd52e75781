package dev.rampart.kata.secretscanner;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a name secret-like, a value a placeholder, a string random. */
final class Secrets {

    private static final Set<String> SECRET_WORDS = Set.of(
            "password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "credential", "credentials",
            "apikey", "secretkey", "privatekey", "accesskey");
    /** "x key" is a secret for these x: an API key, a signing key; a plain "key" is often a lookup name. */
    private static final Set<String> KEY_KINDS = Set.of(
            "api", "access", "secret", "private", "signing", "encryption", "master", "client");

    private static final Pattern WORD_BREAK = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    /**
     * References and templates, not values: ${VAR}, ${{ secrets.X }}, #{spel}, {{ helm }},
     * <placeholder>, %s, %(name)s, %VAR%, $VAR, ENC(...) (Jasypt ciphertext), masks like ****.
     * A bare $VAR or %VAR% counts only in the capitals environment variables are written in:
     * "$uperSecret99" is a password that begins with a dollar sign, not a reference.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\$\\{.*}|#\\{.*}|\\{\\{.*}}|<[^>]*>|%\\(?\\w*\\)?s|%[A-Z_][A-Z0-9_]*%|\\$[A-Z_][A-Z0-9_]*|ENC\\(.*\\)|(.)\\1*");

    private Secrets() {
    }

    /** {@code db.password}, {@code API_TOKEN}, {@code clientSecret}, {@code aws.secret-access-key}. */
    static boolean isSecretName(String name) {
        List<String> words = Arrays.stream(WORD_BREAK.split(name.strip())).map(w -> w.toLowerCase(Locale.ROOT)).toList();
        if (words.isEmpty()) {
            return false;
        }
        var last = words.get(words.size() - 1);
        if (SECRET_WORDS.contains(last)) {
            return true;
        }
        return last.equals("key") && words.size() > 1 && KEY_KINDS.contains(words.get(words.size() - 2));
    }

    static boolean isPlaceholder(String value) {
        var v = value.strip();
        return v.isEmpty() || PLACEHOLDER.matcher(v).matches();
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String s) {
        var counts = new java.util.HashMap<Integer, Integer>();
        s.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double n = s.codePointCount(0, s.length());
        return counts.values().stream().mapToDouble(k -> {
            double p = k / n;
            return -p * (Math.log(p) / Math.log(2));
        }).sum();
    }

    /**
     * What a report may show: the secret's length, and none of its characters. A prefix or a
     * suffix "to tell secrets apart" is part of the secret, and two reports masked differently
     * add up; the fingerprint already tells them apart.
     */
    static String redact(String secret) {
        return "****(" + secret.strip().length() + " characters)";
    }
}
