package dev.rampart.kata.dependencyaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An offline copy of advisories in the OSV format (a JSON array of OSV records), so the audit
 * runs in builds that cannot reach osv.dev.
 */
public final class AdvisorySnapshot {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> records;

    private AdvisorySnapshot(List<JsonNode> records) {
        this.records = List.copyOf(records);
    }

    public static AdvisorySnapshot read(Path file) {
        try {
            var records = new ArrayList<JsonNode>();
            JSON.readTree(file.toFile()).forEach(records::add);
            return new AdvisorySnapshot(records);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the advisory snapshot " + file, e);
        }
    }

    /** How many advisories the snapshot holds. */
    public int size() {
        return records.size();
    }

    List<JsonNode> records() {
        return records;
    }
}
