package dev.rampart.kata.dbexposure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a {@code postgresql.conf} the way the server does (the grammar is the server's
 * {@code guc-file.l}, described in the documentation's "Setting Parameters" chapter): one
 * {@code name [=] value} per line, {@code #} comments, names in any case, values quoted with
 * {@code '} and C-style escapes, {@code include}, {@code include_if_exists} and
 * {@code include_dir} processed where they stand, and the last assignment of a name winning.
 *
 * <p>Written by hand because no maintained Java library reads these files (pgjdbc reads only
 * {@code .pgpass} and {@code pg_service.conf}), and the grammar is small and documented. On a
 * running server, ask the server instead: {@code pg_settings} is its own reading.
 */
final class ConfigFile {

    /** What the server allows, so a file that includes itself cannot loop. */
    private static final int MAX_DEPTH = 10;

    /** One assignment: the name in lower case, the value as the server sees it, and where it was made. */
    record Setting(String name, String value, String where) {
    }

    private final Map<String, Setting> settings = new LinkedHashMap<>();

    private ConfigFile() {
    }

    /** The settings a file assigns, after its includes, by lower-case name. */
    static Map<String, Setting> read(Path file) throws IOException {
        var config = new ConfigFile();
        config.parse(file.toAbsolutePath().normalize(), 0, false);
        return config.settings;
    }

    private void parse(Path file, int depth, boolean optional) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(file + ": includes nest deeper than " + MAX_DEPTH + " files; PostgreSQL would refuse it too");
        }
        if (optional && !Files.exists(file)) {
            return;
        }
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            var where = file + ":" + (i + 1);
            var tokens = tokens(lines.get(i), where);
            if (tokens.isEmpty()) {
                continue;
            }
            var rest = tokens.size() > 1 && tokens.get(1).equals(Token.EQUALS) ? tokens.subList(2, tokens.size()) : tokens.subList(1, tokens.size());
            if (tokens.get(0).quoted() || rest.size() != 1 || rest.get(0).equals(Token.EQUALS)) {
                throw new IllegalArgumentException(where + ": expected 'name = value'; PostgreSQL would refuse this file");
            }
            var name = tokens.get(0).text().toLowerCase(Locale.ROOT);
            var value = rest.get(0).text();
            switch (name) {
                case "include" -> parse(file.resolveSibling(value).normalize(), depth + 1, false);
                case "include_if_exists" -> parse(file.resolveSibling(value).normalize(), depth + 1, true);
                case "include_dir" -> {
                    for (var included : confFiles(file.resolveSibling(value).normalize())) {
                        parse(included, depth + 1, false);
                    }
                }
                default -> settings.put(name, new Setting(name, value, where));
            }
        }
    }

    /** The directory's {@code .conf} files in the order the server reads them: by name, hidden files skipped. */
    private static List<Path> confFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".conf") && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private record Token(String text, boolean quoted) {
        static final Token EQUALS = new Token("=", false);
    }

    private static List<Token> tokens(String line, String where) {
        var tokens = new java.util.ArrayList<Token>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            // No line holds a '\r': Files.readAllLines ends a line at '\r', '\n' or both.
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '=') {
                tokens.add(Token.EQUALS);
                i++;
            } else if (c == '\'') {
                var value = new StringBuilder();
                i = quoted(line, i + 1, value, where);
                tokens.add(new Token(value.toString(), true));
            } else {
                int start = i;
                while (i < line.length() && " \t=#'".indexOf(line.charAt(i)) < 0) {
                    i++;
                }
                tokens.add(new Token(line.substring(start, i), false));
            }
        }
        return tokens;
    }

    /** Reads a quoted value from just after its opening quote; returns the index after the closing one. */
    private static int quoted(String line, int i, StringBuilder value, String where) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\'') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(i + 1);
                switch (next) {
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    default -> {
                        if (next >= '0' && next <= '7') {
                            // Up to three octal digits, as in C: '\052' is '*'.
                            int end = i + 1;
                            int code = 0;
                            while (end < line.length() && end < i + 4 && line.charAt(end) >= '0' && line.charAt(end) <= '7') {
                                code = code * 8 + (line.charAt(end) - '0');
                                end++;
                            }
                            value.append((char) code);
                            i = end;
                            continue;
                        }
                        value.append(next);
                    }
                }
                i += 2;
                continue;
            }
            value.append(c);
            i++;
        }
        throw new IllegalArgumentException(where + ": unterminated quoted value; PostgreSQL would refuse this file");
    }
}
