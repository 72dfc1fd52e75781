package dev.rampart.kata.dependencyaudit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A build's resolved dependencies audited against an offline OSV snapshot of real advisories
 * ({@code dependency-audit/osv-snapshot.json}, see {@code osv-snapshot.md} beside it).
 *
 * <p>Every case writes the dependency tree the way {@code mvn dependency:tree -DoutputType=json}
 * does, runs the audit, and asks whether the finding a reviewer needs is there. An attack wins
 * when a dependency the advisory covers ships unreported, or when an advisory that no longer
 * applies fails the build (a gate that cries wolf gets switched off).
 *
 * <p>Payload columns: a package {@code groupId:artifactId}, the version the build resolved, and
 * the advisory that covers it; for transitive cases, the path from a direct dependency down,
 * {@code g:a:v > g:a:v}.
 *
 * <p>Left out: {@code GIT} ranges (they name commits, which a resolved jar does not carry; one
 * case checks that an entry holding one is passed over); several {@code limit} events in one range
 * (used with GIT ranges, one per branch); shaded or relocated copies of a library inside
 * another jar (finding them means reading the jar, not the tree); advisories whose
 * {@code withdrawn} time lies in the future (no database publishes those); the severity of a
 * finding (the gate kata, ci-security-gate, decides what blocks).
 */
class DependencyAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSHOT = "dependency-audit/osv-snapshot.json";
    private static final byte[] SHIPPED = shipped();

    @TempDir
    Path dir;

    // ---- honest use -------------------------------------------------------------------------

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-findings.txt")
    void aVulnerableDirectDependencyIsReported(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version, "a direct dependency in the middle of the advisory's range");
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-versions.txt")
    void versionsNoAdvisoryCoversAreClean(String pkg, String version) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertThat(findings).as("%s:%s is outside every range of the snapshot, yet the audit reported it", pkg, version)
                .isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-trees.txt")
    void aTreeOfFixedVersionsIsClean(String path) {
        var findings = audit(snapshot(), path.split("\\|"));

        assertThat(findings).as("every version in this tree is past its fix").isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/range-edges.txt")
    void theVersionThatOpensARangeIsReported(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "introduced is inclusive, and introduced \"0\" sorts before every version, a 0.0.0-SNAPSHOT included");
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-multi-pair-ranges.txt")
    void versionsOutsideEveryPairOfARangeAreClean(String pkg, String version, String advisory) {
        for (var order : EventOrder.values()) {
            var file = snapshot(advisories -> onePairedRange(advisories, advisory, pkg, order));

            var findings = audit(file, pkg + ":" + version);

            assertThat(findings).filteredOn(f -> f.advisory().equals(advisory))
                    .as("%s:%s lies outside every introduced/fixed pair of %s (events %s), yet the audit reported it; "
                            + "sort the events by version before walking them, and let a fix close only what came before it",
                            pkg, version, advisory, order.description)
                    .isEmpty();
        }
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-platform-builds.txt")
    void platformBuildsOfAFixAreClean(String pkg, String version, String advisory, String published, String written) {
        var file = snapshot(advisories -> forEachEntry(advisories, advisory, pkg, entry -> entry.path("ranges")
                .forEach(range -> range.path("events").forEach(event -> {
                    if (event.path("fixed").asText().equals(published)) {
                        ((ObjectNode) event).put("fixed", written);
                    }
                }))));

        var findings = audit(file, pkg + ":" + version);

        assertThat(findings).filteredOn(f -> f.advisory().equals(advisory))
                .as("%s:%s is a build of the fix (written \"%s\"), yet the audit reported it; Maven orders an unknown "
                        + "qualifier such as -jre after the bare release: it is not a pre-release", pkg, version, written)
                .isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/other-registries.txt")
    void advisoriesForAnotherRegistryAreNotThisBuilds(String ecosystem, String pkg, String version, String advisory) {
        var file = snapshot(advisories -> forEachEntry(advisories, advisory, pkg,
                entry -> ((ObjectNode) entry.path("package")).put("ecosystem", ecosystem)));

        var findings = audit(file, pkg + ":" + version);

        assertThat(findings).filteredOn(f -> f.advisory().equals(advisory))
                .as("%s now speaks of %s in %s, not the artifact this build resolved from Maven Central, yet the audit "
                        + "reported it; a gate that cries wolf gets switched off", advisory, pkg, ecosystem)
                .isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-limit-events.txt")
    void versionsOutsideALimitedRangeAreClean(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> fixesWrittenAsLimits(advisories, advisory, pkg));

        var findings = audit(file, pkg + ":" + version);

        assertThat(findings).filteredOn(f -> f.advisory().equals(advisory))
                .as("%s:%s lies outside every range of %s, below its introduced event or at or past its limit, "
                        + "yet the audit reported it", pkg, version, advisory)
                .isEmpty();
    }

    @Test
    void recordsThatLeaveOptionalPartsOutStillCount() {
        var file = snapshot(advisories -> {
            var log4shell = find(advisories, "GHSA-jfh8-c2jp-5v3q");
            log4shell.remove("aliases");
            log4shell.put("withdrawn", "");
            // An entry of commits: a GIT range, with no package.
            log4shell.withArray("affected").addObject().putArray("ranges").addObject()
                    .put("type", "GIT").put("repo", "https://github.com/apache/logging-log4j2").putArray("events")
                    .add(JSON.createObjectNode().put("introduced", "0"))
                    .add(JSON.createObjectNode().put("fixed", "c77b3cb39312b83b053d23a2158b99ac7de44dd3"));
            // A GIT range beside the ECOSYSTEM one, in an entry with a package: commits, which no jar version names.
            forEachEntry(advisories, "GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core",
                    entry -> ((ArrayNode) entry.path("ranges")).addObject().put("type", "GIT")
                            .put("repo", "https://github.com/apache/logging-log4j2").putArray("events")
                            .add(JSON.createObjectNode().put("introduced", "0"))
                            .add(JSON.createObjectNode().put("fixed", "10a3c5e1f2d3b4a5968778695a4b3c2d1e0f9a8b")));
            // An entry that names no ecosystem: no registry, so no artifact this build resolved.
            find(advisories, "GHSA-mjmj-j48q-9wg2").withArray("affected").addObject()
                    .<ObjectNode>set("package", JSON.createObjectNode().put("name", "org.yaml:snakeyaml"))
                    .putArray("ranges").addObject().put("type", "ECOSYSTEM").putArray("events")
                    .add(JSON.createObjectNode().put("introduced", "0"));
            // A range with no events, and a record with no affected entries at all.
            forEachEntry(advisories, "GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml",
                    entry -> ((ArrayNode) entry.path("ranges")).addObject().put("type", "ECOSYSTEM"));
            advisories.addObject().put("schema_version", "1.4.0").put("id", "GHSA-0000-0000-0000")
                    .put("modified", "2026-01-15T00:00:00Z").put("summary", "a placeholder record with nothing affected yet");
        });

        var findings = audit(file, "org.apache.logging.log4j:log4j-core:2.14.1", "org.yaml:snakeyaml:1.33",
                "com.example:tools:1.0 > org.apache.logging.log4j:log4j-core:2.17.1", "org.yaml:snakeyaml:2.3");

        assertReported(findings, "GHSA-jfh8-c2jp-5v3q", "org.apache.logging.log4j:log4j-core", "2.14.1",
                "a record without aliases, with an empty withdrawn field or an entry for commits still stands");
        assertThat(findings).filteredOn(f -> f.advisory().equals("GHSA-jfh8-c2jp-5v3q"))
                .allSatisfy(f -> assertThat(f.aliases()).as("the record has no aliases").isEmpty());
        assertReported(findings, "GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml", "1.33",
                "a range with no events covers nothing, and leaves the entry's other ranges as they are");
        assertThat(findings).filteredOn(f -> f.version().equals("2.3"))
                .as("snakeyaml 2.3 is past the fix; an entry that names no ecosystem speaks of no registry's artifact")
                .isEmpty();
        assertThat(findings).filteredOn(f -> f.version().equals("2.17.1"))
                .as("2.17.1 is past every fix; a GIT range names commits, and its hashes are no Maven versions to compare with")
                .isEmpty();
    }

    @ParameterizedTest
    @PayloadFile("dependency-audit/legitimate-findings.txt")
    void rangesTypedSemverAreReadToo(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> forEachEntry(advisories, advisory, pkg,
                entry -> entry.path("ranges").forEach(range -> ((ObjectNode) range).put("type", "SEMVER"))));

        var findings = audit(file, pkg + ":" + version);

        assertReported(findings, advisory, pkg, version, "a SEMVER range is read like an ECOSYSTEM one (only GIT ranges name commits)");
    }

    @Test
    void aFindingNamesTheAdvisoryItsAliasesAndTheDependency() {
        var findings = audit(snapshot(), "org.apache.logging.log4j:log4j-core:2.14.1");

        assertThat(findings).filteredOn(f -> f.advisory().equals("GHSA-jfh8-c2jp-5v3q")).singleElement()
                .satisfies(f -> {
                    assertThat(f.aliases()).containsExactly("CVE-2021-44228");
                    assertThat(f.packageName()).isEqualTo("org.apache.logging.log4j:log4j-core");
                    assertThat(f.version()).isEqualTo("2.14.1");
                    assertThat(f.path()).containsExactly("org.apache.logging.log4j:log4j-core:2.14.1");
                });
    }

    @Test
    void theSnapshotHoldsTheAdvisoriesItShips() {
        assertThat(AdvisorySnapshot.read(snapshot()).size()).isEqualTo(9);
    }

    // ---- attacks ----------------------------------------------------------------------------

    @AttackFamily("ships a version that only string comparison puts outside the advisory's range")
    @PayloadFile("dependency-audit/version-ordering.txt")
    void versionOrdering(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "versions are not strings: \"2.9.10.8\" sorts after \"2.12.6.1\" and \"2.0\" before \"2.0-beta9\"; "
                        + "order them as Maven does");
    }

    @AttackFamily("brings the vulnerable library in through another dependency")
    @PayloadFile("dependency-audit/transitive.txt")
    void transitiveDependencies(String path, String advisory) {
        var chain = path.split(" > ");
        var vulnerable = chain[chain.length - 1].split(":");
        var pkg = vulnerable[0] + ":" + vulnerable[1];

        var findings = audit(snapshot(), path, "org.slf4j:slf4j-api:2.0.13");

        assertReported(findings, advisory, pkg, vulnerable[2],
                "the build ships every jar in the tree, not just the ones the pom names; walk all of it");
        assertThat(findings).filteredOn(f -> f.advisory().equals(advisory) && f.packageName().equals(pkg))
                .as("the finding must say which direct dependency brought %s in", pkg)
                .allSatisfy(f -> assertThat(f.path()).containsExactly(chain));
    }

    @AttackFamily("ships the last version an advisory with no fix covers")
    @PayloadFile("dependency-audit/last-affected.txt")
    void lastAffected(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "the range ends in last_affected, not fixed: there is no fix, and that version is still affected");
    }

    @AttackFamily("ships a version the advisory lists by name rather than by range")
    @PayloadFile("dependency-audit/enumerated-versions.txt")
    void enumeratedVersions(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "OSV counts a version as affected when it lies in any range or is listed in versions");
    }

    @AttackFamily("ships a version from an earlier pair of a range that holds several introduced/fixed pairs")
    @PayloadFile("dependency-audit/multi-pair-ranges.txt")
    void severalPairsInOneRange(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> onePairedRange(advisories, advisory, pkg, EventOrder.VERSION));

        var findings = audit(file, pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "one range may open and close several times (introduced, fixed, introduced, fixed); "
                        + "evaluate its events in version order, as the OSV schema's pseudo-code does");
    }

    @AttackFamily("ships a release candidate, milestone or snapshot of the version that fixed the flaw")
    @PayloadFile("dependency-audit/prereleases-of-the-fix.txt")
    void prereleasesOfTheFix(String pkg, String version, String advisory) {
        var findings = audit(snapshot(), pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "a pre-release comes before its release: Maven orders alpha < beta < milestone < rc < snapshot < the release, "
                        + "so the fix's own release candidate is still affected; keep the qualifier when you compare");
    }

    @AttackFamily("ships a version from a range whose events the advisory does not list in version order")
    @PayloadFile("dependency-audit/unordered-events.txt")
    void eventsOutOfOrder(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> onePairedRange(advisories, advisory, pkg, EventOrder.INTRODUCED_FIRST));

        var findings = audit(file, pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "the OSV schema only recommends sorted events; this range lists every introduced event before its fixes, "
                        + "so sort the events by version (Maven's order) before walking them");
    }

    @AttackFamily("ships a version from a range that a limit event caps instead of a fix")
    @PayloadFile("dependency-audit/limit-events.txt")
    void limitEvents(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> fixesWrittenAsLimits(advisories, advisory, pkg));

        var findings = audit(file, pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "a range may end in a limit instead of a fix; below the limit, what introduced opened is still affected");
    }

    @AttackFamily("ships a version an advisory covers, spelling Maven Central out in the ecosystem")
    @PayloadFile("dependency-audit/central-ecosystem.txt")
    void centralSpelledOut(String ecosystem, String pkg, String version, String advisory) {
        var file = snapshot(advisories -> forEachEntry(advisories, advisory, pkg,
                entry -> ((ObjectNode) entry.path("package")).put("ecosystem", ecosystem)));

        var findings = audit(file, pkg + ":" + version);

        assertReported(findings, advisory, pkg, version,
                "the OSV schema allows \"Maven:<repository URL>\", and Central written out is still Central");
    }

    @AttackFamily("fails the build with an advisory the database has withdrawn")
    @PayloadFile("dependency-audit/withdrawn.txt")
    void withdrawnAdvisories(String pkg, String version, String advisory) {
        var file = snapshot(advisories -> find(advisories, advisory).put("withdrawn", "2026-01-15T00:00:00Z"));

        var findings = audit(file, pkg + ":" + version);

        assertThat(findings).filteredOn(f -> f.advisory().equals(advisory))
                .as("%s was withdrawn (the record keeps a \"withdrawn\" time) and still failed the build for %s:%s; "
                        + "a gate that reports retracted advisories trains the team to ignore it", advisory, pkg, version)
                .isEmpty();
    }

    @Attack("hides a vulnerable library three levels down")
    void deepTransitiveDependency() {
        var path = "com.acme:acme-platform:4.2.0 > org.springframework.boot:spring-boot-starter:2.7.0 > org.yaml:snakeyaml:1.30";

        var findings = audit(snapshot(), path);

        assertReported(findings, "GHSA-mjmj-j48q-9wg2", "org.yaml:snakeyaml", "1.30",
                "the vulnerable parser is two hops below the only dependency the pom names");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static void assertReported(List<Finding> findings, String advisory, String pkg, String version, String hint) {
        assertThat(findings)
                .as("the build ships %s:%s, which %s covers, and the audit reported %s; %s",
                        pkg, version, advisory, findings.isEmpty() ? "nothing" : summary(findings), hint)
                .anyMatch(f -> f.advisory().equals(advisory) && f.packageName().equals(pkg) && f.version().equals(version));
    }

    private static String summary(List<Finding> findings) {
        return findings.stream().map(f -> f.advisory() + " on " + f.packageName() + ":" + f.version()).toList().toString();
    }

    private List<Finding> audit(Path snapshot, String... paths) {
        return new DependencyAudit(AdvisorySnapshot.read(snapshot)).audit(tree(paths));
    }

    /** The shipped snapshot, copied where the audit can read it. */
    private Path snapshot() {
        try {
            return Files.write(Files.createTempFile(dir, "osv-", ".json"), SHIPPED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped snapshot with one change a database could publish. */
    private Path snapshot(Consumer<ArrayNode> change) {
        try {
            var advisories = (ArrayNode) JSON.readTree(SHIPPED);
            change.accept(advisories);
            var file = Files.createTempFile(dir, "osv-", ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), advisories);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] shipped() {
        try (var in = DependencyAuditTest.class.getClassLoader().getResourceAsStream(SNAPSHOT)) {
            if (in == null) {
                throw new IllegalStateException(SNAPSHOT + " is missing from the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode find(ArrayNode advisories, String id) {
        for (var advisory : advisories) {
            if (advisory.path("id").asText().equals(id)) {
                return (ObjectNode) advisory;
            }
        }
        throw new IllegalArgumentException(id + " is not in " + SNAPSHOT);
    }

    private static void forEachEntry(ArrayNode advisories, String id, String pkg, Consumer<JsonNode> change) {
        var touched = 0;
        for (var entry : find(advisories, id).path("affected")) {
            if (entry.path("package").path("name").asText().equals(pkg)) {
                change.accept(entry);
                touched++;
            }
        }
        if (touched == 0) {
            throw new IllegalArgumentException(id + " has no entry for " + pkg);
        }
    }

    /** The advisory's entries for one package, with every fixed event written as a limit event instead. */
    private static void fixesWrittenAsLimits(ArrayNode advisories, String id, String pkg) {
        forEachEntry(advisories, id, pkg, entry -> entry.path("ranges").forEach(range -> range.path("events").forEach(event -> {
            if (event.has("fixed")) {
                var limit = event.path("fixed").asText();
                ((ObjectNode) event).remove("fixed");
                ((ObjectNode) event).put("limit", limit);
            }
        })));
    }

    /** How a re-encoded range lists its events; both are valid OSV. */
    private enum EventOrder {
        VERSION("in version order"),
        INTRODUCED_FIRST("with every introduced event before the fixes");

        private final String description;

        EventOrder(String description) {
            this.description = description;
        }
    }

    /** Rewrites the advisory's entries for one package as a single range: the same versions, encoded as OSV allows. */
    private static void onePairedRange(ArrayNode advisories, String id, String pkg, EventOrder order) {
        var advisory = find(advisories, id);
        var affected = (ArrayNode) advisory.path("affected");
        var events = JSON.createArrayNode();
        var others = new ArrayList<JsonNode>();
        for (var entry : affected) {
            if (entry.path("package").path("name").asText().equals(pkg)) {
                entry.path("ranges").forEach(range -> range.path("events").forEach(events::add));
            } else {
                others.add(entry);
            }
        }
        var sorted = new ArrayList<JsonNode>();
        events.forEach(sorted::add);
        sorted.sort((a, b) -> new ComparableVersion(eventVersion(a))
                .compareTo(new ComparableVersion(eventVersion(b))));
        if (order == EventOrder.INTRODUCED_FIRST) {
            // A stable sort: introduced events first, each group still in version order.
            sorted.sort(Comparator.comparing((JsonNode event) -> !event.has("introduced")));
        }
        var merged = JSON.createObjectNode();
        merged.putObject("package").put("ecosystem", "Maven").put("name", pkg);
        var range = merged.putArray("ranges").addObject();
        range.put("type", "ECOSYSTEM");
        range.putArray("events").addAll(sorted);
        affected.removeAll();
        affected.add(merged);
        affected.addAll(others);
    }

    private static String eventVersion(JsonNode event) {
        var version = event.fields().next().getValue().asText();
        return version.equals("0") ? "" : version;
    }

    /** A dependency tree as maven-dependency-plugin writes it, from paths {@code g:a:v > g:a:v}. */
    private Path tree(String... paths) {
        var root = node("com.example:shop:1.0.0", "");
        for (var path : paths) {
            var parent = root;
            for (var coordinates : path.trim().split("\\s*>\\s*")) {
                parent = child(parent, coordinates);
            }
        }
        try {
            var file = Files.createTempFile(dir, "dependency-tree-", ".json");
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode child(ObjectNode parent, String coordinates) {
        var children = parent.has("children") ? (ArrayNode) parent.get("children") : parent.putArray("children");
        for (var existing : children) {
            var gav = existing.path("groupId").asText() + ":" + existing.path("artifactId").asText() + ":" + existing.path("version").asText();
            if (gav.equals(coordinates)) {
                return (ObjectNode) existing;
            }
        }
        var child = node(coordinates, "compile");
        children.add(child);
        return child;
    }

    private static ObjectNode node(String coordinates, String scope) {
        var parts = Arrays.asList(coordinates.split(":"));
        if (parts.size() != 3) {
            throw new IllegalArgumentException("Write coordinates as groupId:artifactId:version, not " + coordinates);
        }
        var node = JSON.createObjectNode();
        node.put("groupId", parts.get(0)).put("artifactId", parts.get(1)).put("version", parts.get(2))
                .put("type", "jar").put("scope", scope).put("classifier", "").put("optional", "false");
        return node;
    }
}
