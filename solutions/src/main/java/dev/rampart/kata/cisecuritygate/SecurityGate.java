package dev.rampart.kata.cisecuritygate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The build step that stops a release when the dependency scan found something serious.
 *
 * <p>The scan report ({@code target/findings.json}) lists findings:
 * <pre>{@code
 * {"findings": [
 *   {"id": "CVE-2021-44228", "package": "org.apache.logging.log4j:log4j-core", "version": "2.14.1",
 *    "severity": "CRITICAL", "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}
 * ]}
 * }</pre>
 * The team's accepted risks live in {@code security/suppressions.json}:
 * <pre>{@code
 * {"suppressions": [
 *   {"id": "CVE-2022-1471", "package": "org.yaml:snakeyaml",
 *    "reason": "we only load our own config with SafeConstructor", "expires": "2026-12-31"}
 * ]}
 * }</pre>
 *
 * <p>The gate fails closed: anything it cannot read or judge stops the build with a note that
 * says why. A missing or unreadable report is a scanner that did not run, not a clean scan; an
 * unknown severity is not a low one; a malformed vector is not a zero. A CVSS vector, when
 * present, decides (its base score against the threshold), because labels come from whichever
 * database the scanner asked and disagree; a label alone counts as the top of its band.
 */
public final class SecurityGate {

    /** Duplicate keys are read differently by different parsers; a report that holds them is refused. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The CVSS v3 qualitative ratings, each as the top score of its band. */
    private static final Map<String, Double> LABELS = Map.of(
            "NONE", 0.0, "LOW", 3.9, "MEDIUM", 6.9, "HIGH", 8.9, "CRITICAL", 10.0);

    private final double threshold;
    private final Clock clock;

    /**
     * @param threshold the CVSS score at and above which a finding stops the build (7.0 stops High and Critical)
     * @param clock     today's date, for suppressions that expire
     */
    public SecurityGate(double threshold, Clock clock) {
        if (!(threshold > 0.0 && threshold <= 10.0)) {
            throw new IllegalArgumentException("The threshold is a CVSS score above 0.0 and up to 10.0, not " + threshold);
        }
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Decides whether the build may go on; a missing suppressions file means no suppressions. */
    public Verdict evaluate(Path report, Path suppressions) {
        var notes = new ArrayList<String>();
        var findings = read(report, "findings", notes);
        var accepted = read(suppressions, "suppressions", notes, true);
        if (findings.isEmpty() || accepted.isEmpty()) {
            return new Verdict(false, List.of(), notes);
        }
        var today = LocalDate.now(clock);
        var honoured = new ArrayList<Suppression>();
        for (var entry : accepted.get()) {
            var result = Suppression.of(entry, today);
            result.suppression().ifPresent(honoured::add);
            result.refusal().ifPresent(notes::add);
        }
        var blockers = new ArrayList<Blocker>();
        for (var finding : findings.get()) {
            judge(finding, honoured, notes).ifPresent(blockers::add);
        }
        return new Verdict(blockers.isEmpty(), blockers, notes);
    }

    private Optional<Blocker> judge(JsonNode finding, List<Suppression> honoured, List<String> notes) {
        var id = field(finding, "id").orElse("(a finding with no id)");
        var pkg = field(finding, "package").orElse("(no package)");
        if (!finding.isObject()) {
            return Optional.of(new Blocker(id, pkg, 10.0, "the report lists " + finding + " as a finding; fix the scanner's output"));
        }
        if (honoured.stream().anyMatch(s -> s.covers(id, pkg))) {
            notes.add(id + " in " + pkg + " is suppressed");
            return Optional.empty();
        }
        double score;
        var vector = field(finding, "cvss");
        var label = field(finding, "severity");
        if (vector.isPresent()) {
            try {
                score = CvssV3Vector.baseScore(vector.get());
            } catch (IllegalArgumentException e) {
                return Optional.of(new Blocker(id, pkg, 10.0, e.getMessage() + "; a vector the gate cannot read blocks"));
            }
        } else if (label.isPresent() && LABELS.containsKey(label.get().toUpperCase(Locale.ROOT))) {
            score = LABELS.get(label.get().toUpperCase(Locale.ROOT));
        } else {
            return Optional.of(new Blocker(id, pkg, 10.0, "severity " + label.map(l -> "'" + l + "'").orElse("missing")
                    + " is none of " + LABELS.keySet() + " and there is no CVSS vector; an unknown severity blocks"));
        }
        if (score < threshold) {
            return Optional.empty();
        }
        return Optional.of(new Blocker(id, pkg, score, "CVSS " + score + " is at or above " + threshold
                + ": upgrade " + pkg + ", or suppress " + id + " with a reason and an expiry date"));
    }

    private static Optional<List<JsonNode>> read(Path file, String key, List<String> notes) {
        return read(file, key, notes, false);
    }

    /** The array under {@code key}, or empty (with a note) when the file cannot be trusted. */
    private static Optional<List<JsonNode>> read(Path file, String key, List<String> notes, boolean optional) {
        if (!Files.exists(file)) {
            if (optional) {
                return Optional.of(List.of());
            }
            notes.add("No report at " + file + ": the scanner did not run, or wrote elsewhere; the gate does not pass what it has not seen");
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            notes.add(file + " is not valid JSON (" + e.getOriginalMessage() + ")");
            return Optional.empty();
        } catch (IOException e) {
            notes.add("Cannot read " + file + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !root.path(key).isArray()) {
            notes.add(file + " must be a JSON object with a \"" + key + "\" array");
            return Optional.empty();
        }
        var entries = new ArrayList<JsonNode>();
        root.get(key).forEach(entries::add);
        return Optional.of(entries);
    }

    private static Optional<String> field(JsonNode node, String name) {
        var value = node.path(name);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }
}
