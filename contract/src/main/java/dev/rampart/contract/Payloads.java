package dev.rampart.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attack payloads and legitimate inputs kept as data, one per line, UTF-8.
 *
 * <p>A file opens with {@code #} lines that say where it comes from; {@code # family:} and
 * {@code # source:} are required, so every list names the public collection it follows
 * (OWASP cheat sheets, PayloadsAllTheThings, SecLists, ...). Blank lines are skipped.
 * Characters that would not survive an editor (NUL, RTL overrides, zero-width spaces) are
 * written {@code \}{@code uXXXX} and decoded here.
 */
public final class Payloads {

    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private Payloads() {
    }

    /** One payload file: its family, where it comes from, and its lines. */
    public record PayloadList(String resource, String family, String source, List<String> payloads) {
        public PayloadList {
            payloads = List.copyOf(payloads);
        }
    }

    /** Loads a payload file from the test classpath, failing with the reason if it is malformed. */
    public static PayloadList load(String resource) {
        var in = Payloads.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("No payload file '" + resource
                    + "' on the test classpath: put it under katas/src/test/resources/");
        }
        try (in) {
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read payload file " + resource, e);
        }
    }

    /** Reads a payload file from disk (the katas' resources folder, say), named in errors by its file name. */
    public static PayloadList read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read payload file " + file, e);
        }
    }

    /** Parses a payload file's text; {@code resource} names it in errors. */
    public static PayloadList parse(String resource, String text) {
        String family = null;
        String source = null;
        var payloads = new ArrayList<String>();
        for (var line : text.split("\r?\n", -1)) {
            if (line.startsWith("#")) {
                family = family != null ? family : header(line, "family").orElse(null);
                source = source != null ? source : header(line, "source").orElse(null);
            } else if (!line.isBlank()) {
                payloads.add(decode(line));
            }
        }
        if (family == null || source == null) {
            throw new IllegalArgumentException(resource
                    + " must open with '# family: ...' and '# source: ...' lines naming the public collection it follows");
        }
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException(resource + " holds no payloads");
        }
        return new PayloadList(resource, family, source, payloads);
    }

    private static Optional<String> header(String line, String key) {
        var body = line.substring(1).strip();
        var prefix = key + ":";
        return body.regionMatches(true, 0, prefix, 0, prefix.length())
                ? Optional.of(body.substring(prefix.length()).strip())
                : Optional.empty();
    }

    static String decode(String line) {
        Matcher m = UNICODE_ESCAPE.matcher(line);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        return m.appendTail(out).toString();
    }
}
