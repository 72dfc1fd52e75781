package dev.rampart.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A wrong fix: the kata's solution with one plausible mistake put back, kept as a patch under
 * {@code solutions/wrong-fixes/<kata-id>/<name>.patch}. The build proves that the suite rejects
 * it: the cases it names fail by assertion (the proof in the solutions module), and the kata's
 * lesson names it among the tempting fixes that fail.
 *
 * <p>The file is a {@code git diff} of the solution (paths from the repository root), preceded
 * by a header of {@code Key: value} lines:
 *
 * <pre>
 * Title: Compare the paths as strings
 * Mistake: "starts with the folder's name" looks like "inside the folder", but /srv/files-old starts with /srv/files too.
 * Caught-by: FileServerTest#siblingFolderWithTheSamePrefix
 * Breaks: attack
 * Source: CWE-22; the OWASP Path Traversal page's "starts with" check
 * </pre>
 *
 * @param name     the file's name without {@code .patch}: the id a build failure names
 * @param title    a few words naming the fix the learner would write
 * @param mistake  one line: what the learner believes, and why it is still exploitable
 * @param caughtBy the suite's methods ({@code Class#method}) that must fail on it
 * @param breaks   which kind of case catches it: an attack (still exploitable) or an honest
 *                 test (the fix breaks the feature)
 * @param source   where the mistake comes from: a CVE, a cheat sheet's warning, an accepted answer
 * @param diff     the patch itself, as {@code git diff} wrote it, applied by the proof
 */
public record WrongFix(Kata kata, String name, String title, String mistake, List<String> caughtBy, Breaks breaks,
                String source, String diff) {

    public enum Breaks { ATTACK, HONEST }

    private static final List<String> KEYS = List.of("Title", "Mistake", "Caught-by", "Breaks", "Source");

    public WrongFix {
        caughtBy = List.copyOf(caughtBy);
    }

    /** Every wrong fix of the kata, by name; none when the folder does not exist. */
    public static List<WrongFix> of(Kata kata, Path root) {
        var folder = root.resolve(kata.wrongFixes());
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".patch")).sorted()
                    .map(f -> read(kata, f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WrongFix read(Kata kata, Path file) {
        var name = file.getFileName().toString().replaceFirst("\\.patch$", "");
        try {
            return parse(kata, name, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the header, and keeps the diff for the proof to apply.
     *
     * @throws IllegalArgumentException naming the file and the problem, on a header that is
     *                                  incomplete, unknown keys or a patch with no diff
     */
    public static WrongFix parse(Kata kata, String name, String text) {
        var lines = text.lines().toList();
        var header = new LinkedHashMap<String, String>();
        int at = 0;
        for (; at < lines.size() && !startsDiff(lines.get(at)); at++) {
            var line = lines.get(at);
            if (line.isBlank()) {
                continue;
            }
            var colon = line.indexOf(':');
            var key = colon < 0 ? line : line.substring(0, colon).strip();
            if (colon < 0 || !KEYS.contains(key)) {
                throw problem(kata, name, "header line '" + line + "' is not one of " + KEYS + " followed by ': '");
            }
            header.put(key, line.substring(colon + 1).strip());
        }
        var missing = KEYS.stream().filter(k -> header.getOrDefault(k, "").isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw problem(kata, name, "header has no " + String.join(", ", missing));
        }
        if (at == lines.size()) {
            throw problem(kata, name, "holds no diff: append the `git diff` of the solution with the mistake put back");
        }
        return new WrongFix(kata, name, header.get("Title"), header.get("Mistake"), caughtBy(header),
                breaks(kata, name, header), header.get("Source"), String.join("\n", lines.subList(at, lines.size())) + "\n");
    }

    private static boolean startsDiff(String line) {
        return line.startsWith("diff --git ") || line.startsWith("--- ");
    }

    private static List<String> caughtBy(Map<String, String> header) {
        var cases = new ArrayList<String>();
        Arrays.stream(header.get("Caught-by").split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(cases::add);
        return cases;
    }

    private static Breaks breaks(Kata kata, String name, Map<String, String> header) {
        return switch (header.get("Breaks")) {
            case "attack" -> Breaks.ATTACK;
            case "honest" -> Breaks.HONEST;
            default -> throw problem(kata, name, "Breaks is '" + header.get("Breaks") + "': write attack or honest");
        };
    }

    private static IllegalArgumentException problem(Kata kata, String name, String what) {
        return new IllegalArgumentException(kata.id() + " › wrong fix " + name + ": " + what);
    }
}
