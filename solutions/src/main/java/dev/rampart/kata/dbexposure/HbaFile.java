package dev.rampart.kata.dbexposure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a {@code pg_hba.conf} the way the server does (its {@code hba.c}, described in the
 * documentation's "The pg_hba.conf File"): one record per line, continued by a trailing
 * backslash; fields separated by blanks; lists separated by commas; {@code "double quotes"}
 * around anything with blanks or commas, which also strips a keyword of its meaning;
 * {@code #} comments wherever no quote is open; {@code @file} lists; {@code include},
 * {@code include_if_exists} and {@code include_dir} records.
 *
 * <p>Written by hand because no maintained Java library reads these files, and the grammar is
 * small and documented. On a running server, ask the server instead: {@code pg_hba_file_rules}
 * is its own reading.
 */
final class HbaFile {

    private static final int MAX_DEPTH = 10;
    static final Set<String> CONNECTION_TYPES = Set.of("local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc");

    /** One word of a field, and whether any of it was quoted (then it is never a keyword). */
    record Token(String text, boolean quoted) {
        boolean is(String keyword) {
            return !quoted && text.equals(keyword);
        }
    }

    private final List<HbaRule> rules = new ArrayList<>();

    private HbaFile() {
    }

    /** The rules of a file, after its includes, in the order the server tries them. */
    static List<HbaRule> read(Path file) throws IOException {
        var hba = new HbaFile();
        hba.parse(file.toAbsolutePath().normalize(), 0, false);
        return hba.rules;
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
            var first = i;
            var line = new StringBuilder(lines.get(i));
            while (line.length() > 0 && line.charAt(line.length() - 1) == '\\' && i + 1 < lines.size()) {
                line.setLength(line.length() - 1);
                line.append(lines.get(++i));
            }
            var where = file + ":" + (first + 1);
            var fields = fields(line.toString(), file, depth);
            if (!fields.isEmpty()) {
                record(fields, file, where, depth);
            }
        }
    }

    private void record(List<List<Token>> fields, Path file, String where, int depth) throws IOException {
        var type = single(fields.get(0), where);
        switch (type.text()) {
            case "include", "include_if_exists", "include_dir" -> {
                if (fields.size() != 2) {
                    throw invalid(where, type.text() + " takes one file name");
                }
                // Of a list the server reads the first file only: "include a.conf,b.conf" never reads b.conf.
                var target = file.resolveSibling(fields.get(1).get(0).text()).normalize();
                if (type.text().equals("include_dir")) {
                    for (var included : confFiles(target)) {
                        parse(included, depth + 1, false);
                    }
                } else {
                    parse(target, depth + 1, type.text().equals("include_if_exists"));
                }
                return;
            }
            default -> {
            }
        }
        // The server compares the type as text: "host" in quotes is a host record too.
        if (!CONNECTION_TYPES.contains(type.text())) {
            throw invalid(where, "'" + type.text() + "' is not a connection type");
        }
        var local = type.text().equals("local");
        int next = 3;
        Optional<Address> address = Optional.empty();
        if (!local) {
            if (fields.size() < 5) {
                throw invalid(where, "a host record needs database, user, address and method");
            }
            var token = single(fields.get(3), where);
            if (token.is("all") || token.is("samehost") || token.is("samenet")) {
                address = Optional.of(new Address.Keyword(token.text()));
                next = 4;
            } else if (token.text().contains("/")) {
                address = Optional.of(Address.range(token.text(), Optional.empty())
                        .orElseThrow(() -> invalid(where, "'" + token.text() + "' is not an IP range")));
                next = 4;
            } else if (Address.ip(token.text()).isPresent()) {
                // An address without /bits takes its netmask from the next field.
                address = Optional.of(Address.range(token.text(), Optional.of(single(fields.get(4), where).text()))
                        .orElseThrow(() -> invalid(where, "'" + token.text() + "' needs a netmask")));
                next = 5;
            } else {
                address = Optional.of(new Address.HostName(token.text()));
                next = 4;
            }
        }
        if (fields.size() <= next) {
            throw invalid(where, "no authentication method");
        }
        var method = single(fields.get(next), where).text();
        rules.add(new HbaRule(type.text(), fields.get(1), fields.get(2), address, method, where));
    }

    /**
     * The fields of one logical line, each a list of tokens; {@code @file} tokens are replaced by
     * the tokens of that file (names separated by blanks, commas or lines).
     */
    private static List<List<Token>> fields(String line, Path file, int depth) throws IOException {
        var fields = new ArrayList<List<Token>>();
        var field = new ArrayList<Token>();
        var text = new StringBuilder();
        var inQuote = false;
        var sawQuote = false;
        var tokenStarted = false;
        // No line holds a '\r': Files.readAllLines ends a line at '\r', '\n' or both, and the server strips
        // the '\r' of a CRLF line end.
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (!inQuote && c == '#') {
                break;
            }
            if (!inQuote && (c == ' ' || c == '\t' || c == ',')) {
                if (tokenStarted) {
                    field.addAll(expand(new Token(text.toString(), sawQuote), file, depth));
                    text.setLength(0);
                    sawQuote = false;
                    tokenStarted = false;
                    // A comma keeps the list open; "app ,postgres" is no list to the server, which refuses the line.
                    if (c != ',') {
                        fields.add(List.copyOf(field));
                        field.clear();
                    }
                }
                continue;
            }
            tokenStarted = true;
            if (c == '"') {
                // "" inside quotes is a literal quote, as in the server's tokenizer.
                if (inQuote && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    text.append('"');
                    i++;
                    continue;
                }
                inQuote = !inQuote;
                sawQuote = true;
                continue;
            }
            text.append(c);
        }
        // A quote left open runs to the end of the line: PostgreSQL 18 reads «local all all "peer» as a peer rule.
        if (tokenStarted) {
            field.addAll(expand(new Token(text.toString(), sawQuote), file, depth));
        }
        if (!field.isEmpty()) {
            fields.add(List.copyOf(field));
        }
        return fields;
    }

    private static List<Token> expand(Token token, Path file, int depth) throws IOException {
        if (token.quoted() || !token.text().startsWith("@") || token.text().length() == 1) {
            return List.of(token);
        }
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(file + ": @files nest deeper than " + MAX_DEPTH);
        }
        var listFile = file.resolveSibling(token.text().substring(1)).normalize();
        var tokens = new ArrayList<Token>();
        for (var line : Files.readAllLines(listFile)) {
            for (var f : fields(line, listFile, depth + 1)) {
                tokens.addAll(f);
            }
        }
        return tokens;
    }

    private static List<Path> confFiles(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".conf") && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static Token single(List<Token> field, String where) {
        if (field.size() != 1) {
            throw invalid(where, "expected one value, found the list " + field.stream().map(Token::text).toList());
        }
        return field.get(0);
    }

    private static IllegalArgumentException invalid(String where, String why) {
        return new IllegalArgumentException(where + ": " + why + "; PostgreSQL would refuse this file");
    }
}
