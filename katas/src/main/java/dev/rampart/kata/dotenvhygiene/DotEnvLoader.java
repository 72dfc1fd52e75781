package dev.rampart.kata.dotenvhygiene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a {@code .env} file for local development, so developers need not export every
 * variable by hand. Lines are {@code NAME=value}; {@code #} starts a comment; values may be
 * double-quoted and may refer to other variables as {@code ${NAME}} or {@code ${NAME:-default}}.
 */
public final class DotEnvLoader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private DotEnvLoader() {
    }

    /**
     * The environment a local run sees: the process environment together with the variables
     * {@code envFile} declares. A missing file is not an error (CI and production have none).
     */
    public static Map<String, String> load(Path envFile, Map<String, String> processEnvironment) {
        var environment = new HashMap<>(processEnvironment);
        if (!Files.isRegularFile(envFile)) {
            return Map.copyOf(environment);
        }
        try {
            for (var line : Files.readAllLines(envFile)) {
                var trimmed = line.strip();
                int equals = trimmed.indexOf('=');
                if (trimmed.isEmpty() || trimmed.startsWith("#") || equals < 1) {
                    continue;
                }
                var name = trimmed.substring(0, equals).strip();
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException(envFile + ": not a variable name in line: " + line);
                }
                var value = unquote(trimmed.substring(equals + 1).strip());
                environment.put(name, expand(value, environment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + envFile, e);
        }
        return Map.copyOf(environment);
    }

    private static String unquote(String raw) {
        if (raw.startsWith("\"")) {
            int close = raw.indexOf('"', 1);
            return close < 0 ? raw.substring(1) : raw.substring(1, close);
        }
        int comment = raw.indexOf(" #");
        return comment < 0 ? raw : raw.substring(0, comment).strip();
    }

    private static String expand(String value, Map<String, String> environment) {
        Matcher m = REFERENCE.matcher(value);
        var out = new StringBuilder();
        while (m.find()) {
            var resolved = environment.getOrDefault(m.group(1), m.group(2) == null ? "" : m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        return m.appendTail(out).toString();
    }
}
