package dev.rampart.kata.secretscanner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Rules that read configuration files with their own parsers, because the format decides what
 * a key and a value are: {@code spring.mail.password secret} and {@code a\u002Epassword:secret}
 * are properties, a YAML folded scalar spans lines, a Compose {@code environment} list holds
 * {@code NAME=value} strings. A literal value under a secret-named key is a finding; a
 * placeholder ({@code ${DB_PASSWORD}}) is not.
 *
 * <p>Parsers skip comments, but a password commented out is still in the repository (CWE-615).
 * A comment that reads as a setting of the same format is checked too, with the stricter test
 * the text rules use (no spaces, some entropy), because comments are mostly prose.
 */
final class ConfigRules {

    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final Pattern ENV_ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][\\w.-]*)\\s*=\\s*(.*)$");
    private static final String RULE = "secret-in-config";
    private static final String COMMENTED = "secret-in-comment";
    private static final Pattern COMMENT_MARKS = Pattern.compile("^\\s*[#!]+\\s*");
    private static final Pattern YAML_COMMENTED_SETTING = Pattern.compile("^\\s*#+\\s*(?:-\\s+)?([A-Za-z_][\\w.-]*)\\s*[:=]\\s*(\\S+)\\s*$");

    private ConfigRules() {
    }

    /** Findings for the formats this class knows; empty for other files, or when a file does not parse. */
    static List<Hit> scan(String fileName, String text) {
        var name = fileName.toLowerCase(java.util.Locale.ROOT);
        var hits = new ArrayList<Hit>();
        try {
            if (name.endsWith(".properties")) {
                properties(text, hits);
            } else if (name.endsWith(".json")) {
                tree(JSON.createParser(text), hits);
            } else if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                tree(YAML.createParser(text), hits);
                yamlComments(text, hits);
            } else if (name.endsWith(".env") || name.startsWith(".env.")) {
                envFile(text, hits);
            }
        } catch (IOException | RuntimeException e) {
            // A template (Helm, Jinja) or a broken file: the text rules still read it.
            return List.of();
        }
        return hits;
    }

    /**
     * java.util.Properties decides keys and values (separators, escapes, continuations); each
     * logical line is loaded on its own so the finding can name the line it starts on.
     */
    private static void properties(String text, List<Hit> into) throws IOException {
        var lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            int start = i;
            var logical = new StringBuilder(lines[i]);
            var comment = lines[i].stripLeading().startsWith("#") || lines[i].stripLeading().startsWith("!");
            while (!comment && continues(lines[i]) && i + 1 < lines.length) {
                logical.append('\n').append(lines[++i]);
            }
            var one = new Properties();
            one.load(new StringReader(comment ? COMMENT_MARKS.matcher(lines[i]).replaceFirst("") : logical.toString()));
            for (var key : one.stringPropertyNames()) {
                if (comment) {
                    checkCommented(key, one.getProperty(key), start + 1, into);
                } else {
                    check(key, one.getProperty(key), start + 1, into);
                }
            }
        }
    }

    /** A line continues when it ends in an odd number of backslashes (Properties#load's rule). */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** JSON and YAML, streamed so every value keeps its line. */
    private static void tree(JsonParser parser, List<Hit> into) throws IOException {
        try (parser) {
            for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    continue;
                }
                var line = parser.currentTokenLocation().getLineNr();
                var value = parser.getText();
                // No name inside an array: Jackson names only an object's fields.
                var key = parser.currentName();
                if (key != null) {
                    check(key, value, line, into);
                } else {
                    // An item like "POSTGRES_PASSWORD=secret" in a Compose environment list.
                    var m = ENV_ASSIGNMENT.matcher(value);
                    if (m.matches()) {
                        check(m.group(1), m.group(2), line, into);
                    }
                }
            }
        }
    }

    private static void envFile(String text, List<Hit> into) {
        var lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            var comment = lines[i].stripLeading().startsWith("#");
            var m = ENV_ASSIGNMENT.matcher(comment ? COMMENT_MARKS.matcher(lines[i]).replaceFirst("") : lines[i]);
            if (m.matches() && comment) {
                checkCommented(m.group(1), unquote(m.group(2).strip()), i + 1, into);
            } else if (m.matches()) {
                check(m.group(1), unquote(m.group(2).strip()), i + 1, into);
            }
        }
    }

    /** YAML's parser drops comments; a commented-out {@code password: value} is read here. */
    private static void yamlComments(String text, List<Hit> into) {
        var lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            var m = YAML_COMMENTED_SETTING.matcher(lines[i]);
            if (m.matches()) {
                checkCommented(m.group(1), unquote(m.group(2)), i + 1, into);
            }
        }
    }

    private static String unquote(String value) {
        var quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    private static void check(String key, String value, int line, List<Hit> into) {
        if (Secrets.isSecretName(key) && !Secrets.isPlaceholder(value)) {
            into.add(new Hit(line, RULE, value.strip()));
        }
    }

    private static void checkCommented(String key, String value, int line, List<Hit> into) {
        var v = value.strip();
        if (Secrets.isSecretName(key) && !Secrets.isPlaceholder(v) && v.chars().noneMatch(Character::isWhitespace)
                && Secrets.entropy(v) >= 3.0) {
            into.add(new Hit(line, COMMENTED, v));
        }
    }
}
