package dev.rampart.kata.dependencyaudit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An offline copy of advisories in the OSV format (a JSON array of OSV records), so the audit
 * runs in builds that cannot reach osv.dev.
 *
 * <p>Withdrawn records are dropped here: OSV keeps a withdrawn advisory (with a {@code withdrawn}
 * time) so links keep working, but it no longer describes a flaw, and a gate that still fires on
 * it teaches a team to ignore the gate. Only Maven entries are kept, indexed by
 * {@code groupId:artifactId}: the same name means a different package in another ecosystem.
 */
public final class AdvisorySnapshot {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int size;
    private final Map<String, List<Entry>> byPackage;

    /** One advisory's entry for one package. */
    record Entry(Advisory advisory, Advisory.Affected affected) {
    }

    private AdvisorySnapshot(int size, Map<String, List<Entry>> byPackage) {
        this.size = size;
        this.byPackage = Map.copyOf(byPackage);
    }

    public static AdvisorySnapshot read(Path file) {
        Advisory[] records;
        try {
            records = JSON.readValue(file.toFile(), Advisory[].class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the advisory snapshot " + file
                    + ": it must be a JSON array of OSV records", e);
        }
        var byPackage = new HashMap<String, List<Entry>>();
        var live = 0;
        for (var advisory : records) {
            if (advisory.isWithdrawn()) {
                continue;
            }
            live++;
            for (var affected : advisory.affected()) {
                // An entry with no package describes commits (GIT ranges), not an artifact.
                if (affected.pkg() != null && MavenCentral.isEcosystem(affected.pkg().ecosystem())) {
                    byPackage.computeIfAbsent(affected.pkg().name(), k -> new ArrayList<>()).add(new Entry(advisory, affected));
                }
            }
        }
        return new AdvisorySnapshot(live, byPackage);
    }

    /** How many advisories the snapshot holds, withdrawn ones left out. */
    public int size() {
        return size;
    }

    List<Entry> entriesFor(String packageName) {
        return byPackage.getOrDefault(packageName, List.of());
    }
}
