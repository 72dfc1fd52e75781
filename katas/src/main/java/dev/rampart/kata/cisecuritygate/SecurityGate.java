package dev.rampart.kata.cisecuritygate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import us.springett.cvss.Cvss;

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
 */
public final class SecurityGate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double threshold;
    private final Clock clock;

    /**
     * @param threshold the CVSS score at and above which a finding stops the build (7.0 stops High and Critical)
     * @param clock     today's date, for suppressions that expire
     */
    public SecurityGate(double threshold, Clock clock) {
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Decides whether the build may go on; a missing suppressions file means no suppressions. */
    public Verdict evaluate(Path report, Path suppressions) {
        var notes = new ArrayList<String>();
        if (!Files.exists(report)) {
            notes.add("No findings report at " + report + ": nothing to gate");
            return new Verdict(true, List.of(), notes);
        }
        JsonNode root;
        try {
            root = JSON.readTree(report.toFile());
        } catch (IOException e) {
            notes.add("Could not read " + report + " (" + e.getMessage() + "); not blocking the build on a scanner hiccup");
            return new Verdict(true, List.of(), notes);
        }
        if (root == null) {
            return new Verdict(true, List.of(), notes);
        }
        var accepted = suppressions(suppressions, notes);
        var blockers = new ArrayList<Blocker>();
        for (var finding : root.path("findings")) {
            var id = finding.path("id").asText();
            if (accepted.stream().anyMatch(pattern -> id.matches(pattern))) {
                notes.add(id + " is suppressed");
                continue;
            }
            var score = score(finding);
            if (score > threshold) {
                blockers.add(new Blocker(id, finding.path("package").asText(), score,
                        "upgrade " + finding.path("package").asText() + " past " + finding.path("version").asText()
                                + ", or suppress " + id + " with a reason and an expiry date"));
            }
        }
        return new Verdict(blockers.isEmpty(), blockers, notes);
    }

    private static double score(JsonNode finding) {
        var label = finding.path("severity").asText("");
        if (!label.isEmpty()) {
            try {
                return Severity.valueOf(label.toUpperCase(Locale.ROOT)).top();
            } catch (IllegalArgumentException e) {
                return Severity.LOW.top();
            }
        }
        var vector = finding.path("cvss").asText("");
        if (!vector.isEmpty()) {
            try {
                return Cvss.fromVector(vector).calculateScore().getBaseScore();
            } catch (RuntimeException e) {
                return Severity.LOW.top();
            }
        }
        return Severity.LOW.top();
    }

    private static List<String> suppressions(Path file, List<String> notes) {
        var ids = new ArrayList<String>();
        if (!Files.exists(file)) {
            return ids;
        }
        try {
            for (var suppression : JSON.readTree(file.toFile()).path("suppressions")) {
                ids.add(suppression.path("id").asText());
            }
        } catch (IOException e) {
            notes.add("Could not read " + file + ": " + e.getMessage());
        }
        return ids;
    }

    /** The CVSS v3 qualitative ratings, with the top score of each band. */
    private enum Severity {
        NONE(0.0), LOW(3.9), MEDIUM(6.9), HIGH(8.9), CRITICAL(10.0);

        private final double top;

        Severity(double top) {
            this.top = top;
        }

        double top() {
            return top;
        }
    }
}
