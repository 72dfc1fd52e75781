package dev.rampart.kata.cisecuritygate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import us.springett.cvss.Cvss;

/**
 * A CVSS v3.0 or v3.1 vector string, checked against the specification's grammar before it is
 * scored.
 *
 * <p>Scoring is left to cvss-calculator (the library OWASP Dependency-Track uses), but its parser
 * is lenient where a gate must not be: it lets a repeated metric override the first
 * ({@code .../C:H/I:H/A:H/C:N/I:N/A:N} scores 0.0) and accepts trailing junk. The v3.1
 * specification (section 6, "Vector String") says a vector starts with {@code CVSS:3.1/}, holds
 * every base metric, holds no metric twice, and uses only the listed values; this class enforces
 * exactly that, in any order, as the specification allows.
 */
final class CvssV3Vector {

    private static final Map<String, Set<String>> METRICS = new LinkedHashMap<>();
    private static final List<String> BASE = List.of("AV", "AC", "PR", "UI", "S", "C", "I", "A");

    static {
        METRICS.put("AV", Set.of("N", "A", "L", "P"));
        METRICS.put("AC", Set.of("L", "H"));
        METRICS.put("PR", Set.of("N", "L", "H"));
        METRICS.put("UI", Set.of("N", "R"));
        METRICS.put("S", Set.of("U", "C"));
        METRICS.put("C", Set.of("N", "L", "H"));
        METRICS.put("I", Set.of("N", "L", "H"));
        METRICS.put("A", Set.of("N", "L", "H"));
        METRICS.put("E", Set.of("X", "U", "P", "F", "H"));
        METRICS.put("RL", Set.of("X", "O", "T", "W", "U"));
        METRICS.put("RC", Set.of("X", "U", "R", "C"));
        METRICS.put("CR", Set.of("X", "L", "M", "H"));
        METRICS.put("IR", Set.of("X", "L", "M", "H"));
        METRICS.put("AR", Set.of("X", "L", "M", "H"));
        METRICS.put("MAV", Set.of("X", "N", "A", "L", "P"));
        METRICS.put("MAC", Set.of("X", "L", "H"));
        METRICS.put("MPR", Set.of("X", "N", "L", "H"));
        METRICS.put("MUI", Set.of("X", "N", "R"));
        METRICS.put("MS", Set.of("X", "U", "C"));
        METRICS.put("MC", Set.of("X", "N", "L", "H"));
        METRICS.put("MI", Set.of("X", "N", "L", "H"));
        METRICS.put("MA", Set.of("X", "N", "L", "H"));
    }

    private CvssV3Vector() {
    }

    /**
     * The base score of a well-formed vector. The base score, not the environmental one: metrics
     * a report adds about "our environment" are a claim to be made in a suppression, with a
     * reason and an expiry, not a way round the gate.
     *
     * @throws IllegalArgumentException naming what is wrong with the vector
     */
    static double baseScore(String vector) {
        var slash = vector.indexOf('/');
        var prefix = slash < 0 ? vector : vector.substring(0, slash);
        if (!prefix.equals("CVSS:3.1") && !prefix.equals("CVSS:3.0")) {
            throw new IllegalArgumentException("'" + vector + "' is not a CVSS v3 vector: it must start with CVSS:3.1/ or CVSS:3.0/");
        }
        var seen = new HashMap<String, String>();
        for (var part : vector.substring(slash + 1).split("/", -1)) {
            var colon = part.indexOf(':');
            var metric = colon < 0 ? part : part.substring(0, colon);
            var value = colon < 0 ? "" : part.substring(colon + 1);
            var allowed = METRICS.get(metric);
            if (allowed == null) {
                throw new IllegalArgumentException("'" + vector + "' holds '" + part + "', which is no CVSS v3 metric");
            }
            if (!allowed.contains(value)) {
                throw new IllegalArgumentException("'" + vector + "' gives " + metric + " the value '" + value + "'; allowed: " + allowed);
            }
            if (seen.put(metric, value) != null) {
                throw new IllegalArgumentException("'" + vector + "' gives " + metric + " twice; the specification forbids it");
            }
        }
        for (var metric : BASE) {
            if (!seen.containsKey(metric)) {
                throw new IllegalArgumentException("'" + vector + "' lacks the base metric " + metric);
            }
        }
        return Cvss.fromVector(vector).calculateScore().getBaseScore();
    }
}
