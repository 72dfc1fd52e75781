package dev.rampart.kata.dependencyaudit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a project's dependencies against known advisories before it ships.
 *
 * <p>The input is the build's dependency tree as
 * {@code mvn dependency:tree -DoutputType=json -DoutputFile=target/dependency-tree.json}
 * writes it: the project at the root, its dependencies under {@code children}.
 *
 * <p>The whole tree is walked: most of what a build ships arrives transitively, and an
 * advisory does not care how a jar got onto the class path. Each finding keeps the path that
 * brought it in, so the team knows which direct dependency to upgrade.
 */
public final class DependencyAudit {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
            throw new UncheckedIOException("Cannot read the dependency tree " + dependencyTree
                    + ": write it with mvn dependency:tree -DoutputType=json", e);
        }
        var findings = new LinkedHashSet<Finding>();
        walk(root.path("children"), List.of(), findings);
        return List.copyOf(findings);
    }

    /** Every path gets its finding: each names a direct dependency the team could upgrade. */
    private void walk(JsonNode children, List<String> above, Set<Finding> findings) {
        for (var node : children) {
            var name = text(node, "groupId") + ":" + text(node, "artifactId");
            var version = text(node, "version");
            var path = new ArrayList<>(above);
            path.add(name + ":" + version);
            for (var entry : advisories.entriesFor(name)) {
                if (AffectedVersions.includes(entry.affected(), version)) {
                    findings.add(new Finding(entry.advisory().id(), entry.advisory().aliases(), name, version, path));
                }
            }
            walk(node.path("children"), path, findings);
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("A dependency in the tree has no " + field + ": " + node);
        }
        return value.asText();
    }
}
