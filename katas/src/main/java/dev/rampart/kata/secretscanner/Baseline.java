package dev.rampart.kata.secretscanner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Findings a team has reviewed and accepted (test fixtures, documentation examples), kept in
 * a {@code .secrets-baseline.json} beside the code so the scanner stops reporting them.
 */
public final class Baseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> files;

    private Baseline(Set<String> files) {
        this.files = Set.copyOf(files);
    }

    public static Baseline empty() {
        return new Baseline(Set.of());
    }

    /** Accepts these findings, typically the result of a first scan reviewed by the team. */
    public static Baseline of(Collection<Finding> accepted) {
        var files = new TreeSet<String>();
        accepted.forEach(f -> files.add(key(f.file())));
        return new Baseline(files);
    }

    public static Baseline read(Path file) {
        try {
            var stored = JSON.readValue(file.toFile(), Stored.class);
            return new Baseline(new TreeSet<>(stored.files()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the baseline " + file, e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new Stored(List.copyOf(new TreeSet<>(files))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the baseline " + file, e);
        }
    }

    public boolean accepts(Finding finding) {
        return files.contains(key(finding.file()));
    }

    private static String key(Path file) {
        return file.toString().replace('\\', '/');
    }

    private record Stored(List<String> files) {
    }
}
