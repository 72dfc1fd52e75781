package dev.rampart.kata.pinneddependencies;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.ArtifactUtils;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.Profile;
import org.apache.maven.model.ReportPlugin;
import org.apache.maven.model.Repository;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * Checks that a {@code pom.xml} pins everything the build downloads, so the same commit always
 * builds from the same jars: no version ranges, no {@code LATEST}/{@code RELEASE}, no
 * snapshots, no plugins (build or report) without a version, no repositories over plain HTTP or FTP.
 *
 * <p>The pom is read with Maven's own reader ({@code MavenXpp3Reader} from maven-model 3.9, the
 * stable line the wrapper runs; Maven 4's model is still a release candidate). XML is not text:
 * comments, CDATA, character references, whitespace and element order all mean what Maven says
 * they mean only to an XML parser, so a regular expression sees a different pom than Maven builds.
 *
 * <p>It reads the raw model, not the effective one, on purpose: the effective model only holds
 * the profiles active on this machine, and a profile that switches on in CI is where a range
 * hides. Every profile is audited as if active, with its properties over the pom's.
 */
public final class PomAudit {

    private static final int MAX_PARENTS = 10;

    /** Schemes that carry the jars, and the deploy credentials, in clear text: HTTP and FTP (wagon-ftp). */
    private static final Set<String> CLEAR_TEXT_SCHEMES = Set.of("http", "ftp");
    private static final String WEBDAV_PREFIX = "dav:";

    /** Everything in the pom that leaves the build unpinned. */
    public List<Finding> audit(Path pom) {
        var project = read(pom);
        var lineage = parents(pom, project);
        var findings = new LinkedHashSet<Finding>();
        if (project.getParent() != null) {
            var parent = project.getParent();
            checkVersion(findings, parent.getGroupId() + ":" + parent.getArtifactId(), "parent", parent.getVersion(),
                    new Placeholders(Map.of()));
        }
        audit(findings, project, lineage, Optional.empty());
        for (var profile : project.getProfiles()) {
            audit(findings, project, lineage, Optional.of(profile));
        }
        return List.copyOf(findings);
    }

    private void audit(Set<Finding> findings, Model project, Lineage lineage, Optional<Profile> profile) {
        var parents = lineage.parents();
        var placeholders = placeholders(project, parents, profile);
        var managed = new HashMap<String, String>();
        var imports = false;
        var managedPlugins = new HashMap<String, String>();
        for (var model : reversed(parents)) {
            imports |= manage(model.getDependencyManagement() == null ? List.of() : model.getDependencyManagement().getDependencies(), managed);
            managePlugins(model.getBuild() == null || model.getBuild().getPluginManagement() == null ? List.of()
                    : model.getBuild().getPluginManagement().getPlugins(), managedPlugins);
        }
        var dependencyManagement = new ArrayList<Dependency>();
        var dependencies = new ArrayList<>(project.getDependencies());
        var plugins = new ArrayList<Plugin>();
        var pluginManagement = new ArrayList<Plugin>();
        var repositories = new ArrayList<Repository>();
        // mvn site resolves report plugins too, and one without a version is whatever Maven picks that day.
        var reportPlugins = new ArrayList<ReportPlugin>();
        if (project.getReporting() != null) {
            reportPlugins.addAll(project.getReporting().getPlugins());
        }
        if (project.getDependencyManagement() != null) {
            dependencyManagement.addAll(project.getDependencyManagement().getDependencies());
        }
        if (project.getBuild() != null) {
            plugins.addAll(project.getBuild().getPlugins());
            if (project.getBuild().getPluginManagement() != null) {
                pluginManagement.addAll(project.getBuild().getPluginManagement().getPlugins());
            }
            for (var extension : project.getBuild().getExtensions()) {
                checkVersion(findings, subject(extension.getGroupId(), extension.getArtifactId(), placeholders), "extension",
                        extension.getVersion(), placeholders);
            }
        }
        repositories.addAll(project.getRepositories());
        repositories.addAll(project.getPluginRepositories());
        if (project.getDistributionManagement() != null) {
            Optional.ofNullable(project.getDistributionManagement().getRepository()).ifPresent(repositories::add);
            Optional.ofNullable(project.getDistributionManagement().getSnapshotRepository()).ifPresent(repositories::add);
        }
        profile.ifPresent(p -> {
            dependencies.addAll(p.getDependencies());
            if (p.getDependencyManagement() != null) {
                dependencyManagement.addAll(p.getDependencyManagement().getDependencies());
            }
            if (p.getBuild() != null) {
                plugins.addAll(p.getBuild().getPlugins());
                if (p.getBuild().getPluginManagement() != null) {
                    pluginManagement.addAll(p.getBuild().getPluginManagement().getPlugins());
                }
            }
            if (p.getReporting() != null) {
                reportPlugins.addAll(p.getReporting().getPlugins());
            }
            repositories.addAll(p.getRepositories());
            repositories.addAll(p.getPluginRepositories());
            if (p.getDistributionManagement() != null) {
                Optional.ofNullable(p.getDistributionManagement().getRepository()).ifPresent(repositories::add);
                Optional.ofNullable(p.getDistributionManagement().getSnapshotRepository()).ifPresent(repositories::add);
            }
        });
        // What the parents manage is this module's version too: remember which entries came from them.
        var inheritedDependencies = new HashSet<>(managed.keySet());
        var inheritedPlugins = new HashSet<>(managedPlugins.keySet());
        imports |= manage(dependencyManagement, managed);
        managePlugins(pluginManagement, managedPlugins);
        dependencyManagement.forEach(d -> inheritedDependencies.remove(d.getManagementKey()));
        pluginManagement.stream().filter(p -> p.getVersion() != null)
                .forEach(p -> inheritedPlugins.remove(p.getGroupId() + ":" + p.getArtifactId()));

        for (var dependency : dependencyManagement) {
            checkVersion(findings, subject(dependency.getGroupId(), dependency.getArtifactId(), placeholders), "managed dependency",
                    dependency.getVersion(), placeholders);
        }
        for (var dependency : dependencies) {
            var subject = subject(dependency.getGroupId(), dependency.getArtifactId(), placeholders);
            var key = key(dependency, placeholders);
            if (dependency.getVersion() != null) {
                checkVersion(findings, subject, "dependency", dependency.getVersion(), placeholders);
            } else if (inheritedDependencies.contains(key)) {
                checkVersion(findings, subject, "dependency managed by a parent", managed.get(key), placeholders);
            } else if (!managed.containsKey(key) && !imports && lineage.complete()) {
                findings.add(new Finding(Rule.MISSING_VERSION, subject, "dependency without a version, and no dependencyManagement "
                        + "entry for " + key + profile.map(p -> " (in profile " + p.getId() + ")").orElse("")
                        + ": give it a version or manage it"));
            }
        }
        for (var plugin : concat(plugins, pluginManagement)) {
            var subject = subject(plugin.getGroupId(), plugin.getArtifactId(), placeholders);
            if (plugin.getVersion() != null) {
                checkVersion(findings, subject, "plugin", plugin.getVersion(), placeholders);
            } else if (plugins.stream().anyMatch(p -> p == plugin) && inheritedPlugins.contains(subject)) {
                checkVersion(findings, subject, "plugin managed by a parent", managedPlugins.get(subject), placeholders);
            } else if (plugins.stream().anyMatch(p -> p == plugin) && !managedPlugins.containsKey(subject)) {
                findings.add(new Finding(Rule.MISSING_VERSION, subject, "plugin without a version"
                        + profile.map(p -> " (in profile " + p.getId() + ")").orElse("")
                        + ": Maven falls back to whatever its defaults or the plugin registry say; pin it here or in pluginManagement"));
            }
            for (var dependency : plugin.getDependencies()) {
                checkVersion(findings, subject(dependency.getGroupId(), dependency.getArtifactId(), placeholders),
                        "dependency of plugin " + subject, dependency.getVersion(), placeholders);
            }
        }
        for (var report : reportPlugins) {
            var subject = subject(report.getGroupId(), report.getArtifactId(), placeholders);
            if (report.getVersion() != null) {
                checkVersion(findings, subject, "report plugin", report.getVersion(), placeholders);
            } else if (!managedPlugins.containsKey(subject)) {
                findings.add(new Finding(Rule.MISSING_VERSION, subject, "report plugin without a version"
                        + profile.map(p -> " (in profile " + p.getId() + ")").orElse("") + ": pin it here or in pluginManagement"));
            }
        }
        for (var repository : repositories) {
            checkRepository(findings, repository, placeholders);
        }
    }

    private static void checkVersion(Set<Finding> findings, String subject, String what, String raw, Placeholders placeholders) {
        if (raw == null) {
            findings.add(new Finding(Rule.MISSING_VERSION, subject, what + " without a version"));
            return;
        }
        var resolved = placeholders.resolve(raw);
        if (resolved.unresolved().isPresent()) {
            findings.add(new Finding(Rule.UNRESOLVED_PROPERTY, subject, what + " version " + raw + ": nothing in the pom defines ${"
                    + resolved.unresolved().get() + "}; define it in <properties>"));
            return;
        }
        var version = resolved.value();
        if (version.equals(Artifact.LATEST_VERSION) || version.equals(Artifact.RELEASE_VERSION)) {
            findings.add(new Finding(Rule.DYNAMIC_VERSION, subject, what + " version " + version + ": pin one version"));
            return;
        }
        try {
            // A plain version is a recommended version; anything in brackets is a range, even [1.2.3],
            // which is deterministic but says no more than 1.2.3 does.
            var range = VersionRange.createFromVersionSpec(version);
            if (range.getRecommendedVersion() == null) {
                findings.add(new Finding(Rule.VERSION_RANGE, subject, what + " version range " + version + ": pin one version"));
                return;
            }
        } catch (InvalidVersionSpecificationException e) {
            findings.add(new Finding(Rule.VERSION_RANGE, subject, what + " version " + version + " is a malformed range: " + e.getMessage()));
            return;
        }
        // Maven's own test: -SNAPSHOT in any case, and timestamped snapshots (1.0-20240315.101502-7).
        if (ArtifactUtils.isSnapshot(version)) {
            findings.add(new Finding(Rule.SNAPSHOT, subject, what + " version " + version + ": depend on a release"));
        }
    }

    private static void checkRepository(Set<Finding> findings, Repository repository, Placeholders placeholders) {
        var id = repository.getId() == null ? "(repository without id)" : repository.getId();
        if (repository.getUrl() == null) {
            return;
        }
        var url = placeholders.resolve(repository.getUrl());
        if (url.unresolved().isPresent()) {
            findings.add(new Finding(Rule.UNRESOLVED_PROPERTY, id, "repository url " + repository.getUrl()
                    + ": nothing in the pom defines ${" + url.unresolved().get() + "}"));
        } else if (CLEAR_TEXT_SCHEMES.contains(scheme(url.value()))) {
            findings.add(new Finding(Rule.INSECURE_REPOSITORY, id, url.value() + ": use https"));
        }
    }

    /**
     * The scheme a repository is reached with, in lower case: URL schemes are case-insensitive
     * (RFC 3986), so HTTP:// is plain HTTP too, and a wagon's own prefix ({@code dav:http://},
     * WebDAV deployment) names the protocol underneath.
     */
    private static String scheme(String url) {
        var lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(WEBDAV_PREFIX)) {
            lower = lower.substring(WEBDAV_PREFIX.length());
        }
        var colon = lower.indexOf(':');
        return colon < 0 ? "" : lower.substring(0, colon);
    }

    private static Placeholders placeholders(Model project, List<Model> parents, Optional<Profile> profile) {
        var values = new HashMap<String, String>();
        for (var model : reversed(parents)) {
            model.getProperties().forEach((k, v) -> values.put((String) k, (String) v));
        }
        project.getProperties().forEach((k, v) -> values.put((String) k, (String) v));
        profile.ifPresent(p -> p.getProperties().forEach((k, v) -> values.put((String) k, (String) v)));
        var parent = project.getParent();
        var groupId = project.getGroupId() != null ? project.getGroupId() : parent == null ? null : parent.getGroupId();
        var version = project.getVersion() != null ? project.getVersion() : parent == null ? null : parent.getVersion();
        for (var prefix : List.of("project.", "pom.")) {
            putIfPresent(values, prefix + "groupId", groupId);
            putIfPresent(values, prefix + "artifactId", project.getArtifactId());
            putIfPresent(values, prefix + "version", version);
            if (parent != null) {
                putIfPresent(values, prefix + "parent.groupId", parent.getGroupId());
                putIfPresent(values, prefix + "parent.version", parent.getVersion());
            }
        }
        return new Placeholders(values);
    }

    private static void putIfPresent(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }

    /** Registers managed versions; true when a BOM is imported (its entries cannot be read offline). */
    private static boolean manage(List<Dependency> dependencies, Map<String, String> managed) {
        var imports = false;
        for (var dependency : dependencies) {
            if ("import".equals(dependency.getScope()) && "pom".equals(dependency.getType())) {
                imports = true;
            }
            managed.put(dependency.getManagementKey(), dependency.getVersion());
        }
        return imports;
    }

    private static void managePlugins(List<Plugin> plugins, Map<String, String> managed) {
        for (var plugin : plugins) {
            if (plugin.getVersion() != null) {
                managed.put(plugin.getGroupId() + ":" + plugin.getArtifactId(), plugin.getVersion());
            }
        }
    }

    /** Maven's management key, groupId:artifactId:type[:classifier], with placeholders resolved. */
    private static String key(Dependency dependency, Placeholders placeholders) {
        var copy = dependency.clone();
        copy.setGroupId(placeholders.resolve(dependency.getGroupId()).value());
        copy.setArtifactId(placeholders.resolve(dependency.getArtifactId()).value());
        return copy.getManagementKey();
    }

    private static String subject(String groupId, String artifactId, Placeholders placeholders) {
        var g = placeholders.resolve(groupId == null ? "" : groupId);
        var a = placeholders.resolve(artifactId == null ? "" : artifactId);
        return (g.unresolved().isPresent() ? groupId : g.value()) + ":" + (a.unresolved().isPresent() ? artifactId : a.value());
    }

    /**
     * The parents on disk, nearest first.
     *
     * @param complete whether the chain was followed to its top; a parent we cannot read (one
     *                 from a repository) may manage versions we cannot see
     */
    private record Lineage(List<Model> parents, boolean complete) {
    }

    /** The parents on disk (relativePath, default ../pom.xml), nearest first, as far as they match. */
    private static Lineage parents(Path pom, Model project) {
        var parents = new ArrayList<Model>();
        var child = project;
        var dir = pom.toAbsolutePath().getParent();
        while (child.getParent() != null && parents.size() < MAX_PARENTS) {
            var declared = child.getParent();
            var relative = declared.getRelativePath() == null ? "../pom.xml" : declared.getRelativePath();
            if (relative.isBlank()) {
                return new Lineage(parents, false);
            }
            var file = dir.resolve(relative).normalize();
            if (Files.isDirectory(file)) {
                file = file.resolve("pom.xml");
            }
            if (!Files.isRegularFile(file)) {
                return new Lineage(parents, false);
            }
            var parent = read(file);
            var groupId = parent.getGroupId() != null ? parent.getGroupId() : parent.getParent() == null ? null : parent.getParent().getGroupId();
            if (!declared.getArtifactId().equals(parent.getArtifactId()) || !declared.getGroupId().equals(groupId)) {
                return new Lineage(parents, false);
            }
            parents.add(parent);
            child = parent;
            dir = file.getParent();
        }
        return new Lineage(parents, child.getParent() == null);
    }

    private static Model read(Path pom) {
        try (Reader reader = Files.newBufferedReader(pom)) {
            return new MavenXpp3Reader().read(reader, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        } catch (XmlPullParserException e) {
            throw new IllegalArgumentException(pom + " is not a pom Maven would read: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        var copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<T>(a);
        all.addAll(b);
        return all;
    }
}
