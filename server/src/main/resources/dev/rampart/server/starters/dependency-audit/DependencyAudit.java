package dev.rampart.kata.dependencyaudit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a project's dependencies against known advisories before it ships.
 *
 * <p>The input is the build's dependency tree as
 * {@code mvn dependency:tree -DoutputType=json -DoutputFile=target/dependency-tree.json}
 * writes it: the project at the root, its dependencies under {@code children}.
 */
public final class DependencyAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdvisorySnapshot advisories;

    public DependencyAudit(AdvisorySnapshot advisories) {
        this.advisories = advisories;
    }

    /** Every dependency an advisory covers, with the advisory that covers it. */
    public List<Finding> audit(Path dependencyTree) {
        JsonNode root;
        try {
            root = JSON.readTree(dependencyTree.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dependency tree " + dependencyTree, e);
        }
        var findings = new ArrayList<Finding>();
        for (var dependency : root.path("children")) {
            var name = dependency.path("groupId").asText() + ":" + dependency.path("artifactId").asText();
            var version = dependency.path("version").asText();
            for (var advisory : advisories.records()) {
                if (covers(advisory, name, version)) {
                    var aliases = new ArrayList<String>();
                    advisory.path("aliases").forEach(alias -> aliases.add(alias.asText()));
                    findings.add(new Finding(advisory.path("id").asText(), aliases, name, version,
                            List.of(name + ":" + version)));
                }
            }
        }
        return findings;
    }

    private static boolean covers(JsonNode advisory, String name, String version) {
        for (var affected : advisory.path("affected")) {
            var pkg = affected.path("package");
            if (!"Maven".equals(pkg.path("ecosystem").asText()) || !name.equals(pkg.path("name").asText())) {
                continue;
            }
            for (var range : affected.path("ranges")) {
                String introduced = "0";
                String fixed = null;
                for (var event : range.path("events")) {
                    if (event.has("introduced")) {
                        introduced = event.get("introduced").asText();
                    }
                    if (event.has("fixed")) {
                        fixed = event.get("fixed").asText();
                    }
                }
                if (fixed != null && version.compareTo(introduced) >= 0 && version.compareTo(fixed) < 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
