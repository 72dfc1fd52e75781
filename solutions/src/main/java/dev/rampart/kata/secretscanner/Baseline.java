package dev.rampart.kata.secretscanner;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Findings a team has reviewed and accepted (test fixtures, documentation examples), kept in
 * a {@code .secrets-baseline.json} beside the code so the scanner stops reporting them.
 *
 * <p>An entry is one secret in one file (its fingerprint), as detect-secrets' baseline does:
 * accepting a file wholesale would hide the next, real key someone pastes into it. Lines are
 * not part of the entry, so edits above a fixture do not bring it back. The file holds
 * fingerprints only, never the secrets.
 */
public final class Baseline {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Entry> accepted;

    private Baseline(Set<Entry> accepted) {
        this.accepted = Set.copyOf(accepted);
    }

    public static Baseline empty() {
        return new Baseline(Set.of());
    }

    /** Accepts these findings, typically the result of a first scan reviewed by the team. */
    public static Baseline of(Collection<Finding> accepted) {
        return new Baseline(accepted.stream().map(Entry::of).collect(Collectors.toSet()));
    }

    public static Baseline read(Path file) {
        try {
            return new Baseline(Set.copyOf(JSON.readValue(file.toFile(), Stored.class).accepted()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the baseline " + file, e);
        }
    }

    public void write(Path file) {
        var sorted = new TreeSet<>(Comparator.comparing(Entry::file).thenComparing(Entry::fingerprint));
        sorted.addAll(accepted);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), new Stored(List.copyOf(sorted)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the baseline " + file, e);
        }
    }

    public boolean accepts(Finding finding) {
        return accepted.contains(Entry.of(finding));
    }

    record Entry(String file, String fingerprint) {
        static Entry of(Finding finding) {
            return new Entry(finding.file().toString().replace('\\', '/'), finding.fingerprint());
        }
    }

    record Stored(List<Entry> accepted) {
    }
}
