package dev.rampart.kata.dependencyaudit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * OSV's evaluation of one affected entry, with Maven's own version order.
 *
 * <p>Strings do not order versions: {@code "2.9.10.8"} sorts after {@code "2.12.6.1"} and
 * {@code "2.0"} before {@code "2.0-beta9"}. {@link ComparableVersion} is the order Maven itself
 * resolves with: numbers compare as numbers, {@code alpha < beta < milestone < rc < snapshot <
 * release}, {@code .RELEASE}/{@code .Final} equal the bare release, and unknown qualifiers sort
 * after it.
 */
final class AffectedVersions {

    private static final String INTRODUCED = "introduced";
    private static final String FIXED = "fixed";
    private static final String LAST_AFFECTED = "last_affected";
    private static final String LIMIT = "limit";

    private AffectedVersions() {
    }

    static boolean includes(Advisory.Affected affected, String version) {
        var v = new ComparableVersion(version);
        for (var listed : affected.versions()) {
            if (v.equals(new ComparableVersion(listed))) {
                return true;
            }
        }
        for (var range : affected.ranges()) {
            // GIT ranges speak of commits, which a resolved artifact does not carry.
            if (("ECOSYSTEM".equals(range.type()) || "SEMVER".equals(range.type())) && inRange(range.events(), v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The schema's pseudo-code: walk the events in version order; {@code introduced} opens,
     * {@code fixed} closes (the fix itself is safe), {@code last_affected} closes after that
     * version (it is still affected), {@code limit} caps the range. A range may hold several
     * introduced/fixed pairs, and one with no closing event is open-ended: no fix yet.
     *
     * <p>Sorted here because the schema only recommends that a database keep the events in
     * order; a record that lists every {@code introduced} before its fixes is still valid, and
     * walked as written it closes the range before the later pairs open.
     */
    private static boolean inRange(List<Map<String, String>> events, ComparableVersion v) {
        var sorted = new ArrayList<Event>();
        for (var event : events) {
            // The schema wants one key per event; a record that packs two is read as two events.
            event.forEach((kind, version) -> sorted.add(new Event(kind, version)));
        }
        sorted.sort(Comparator.comparing(Event::version));
        var affected = false;
        for (var event : sorted) {
            var cmp = v.compareTo(event.version());
            switch (event.kind()) {
                case INTRODUCED -> affected = affected || event.everything() || cmp >= 0;
                case FIXED -> affected = affected && cmp < 0;
                case LAST_AFFECTED -> affected = affected && cmp <= 0;
                case LIMIT -> affected = affected && cmp < 0;
                default -> throw new IllegalArgumentException("Unknown OSV event '" + event.kind() + "'");
            }
        }
        return affected;
    }

    /**
     * One event. {@code everything} marks {@code introduced: "0"}, which the schema defines as
     * "before any other version". Maven's 0 is not that: {@code 0.0.0-SNAPSHOT} and
     * {@code 0-alpha} sort below it, so the event is kept as a flag, not as a version.
     */
    private record Event(String kind, ComparableVersion version, boolean everything) {

        Event(String kind, String version) {
            this(kind, new ComparableVersion(version), INTRODUCED.equals(kind) && "0".equals(version));
        }
    }
}
