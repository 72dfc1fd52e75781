package dev.rampart.kata.cisecuritygate;

/**
 * A finding that stops the build.
 *
 * @param id          the vulnerability's id, e.g. {@code CVE-2021-44228}
 * @param packageName the affected package, e.g. {@code org.apache.logging.log4j:log4j-core}
 * @param score       the CVSS base score the gate judged it by, 0.0 to 10.0
 * @param why         what the team must do about it
 */
public record Blocker(String id, String packageName, double score, String why) {
}
