package dev.rampart.kata.pinneddependencies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a {@code pom.xml} pins everything the build downloads, so the same commit always
 * builds from the same jars: no version ranges, no {@code LATEST}/{@code RELEASE}, no
 * snapshots, no plugins without a version, no repositories over plain HTTP.
 */
public final class PomAudit {

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>");
    private static final Pattern PLUGIN = Pattern.compile("(?s)<plugin>(.*?)</plugin>");
    private static final Pattern REPOSITORY = Pattern.compile("(?s)<repository>(.*?)</repository>");
    private static final Pattern GROUP_ID = Pattern.compile("<groupId>([^<]+)</groupId>");
    private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");
    private static final Pattern ID = Pattern.compile("<id>([^<]+)</id>");
    private static final Pattern URL = Pattern.compile("<url>([^<]+)</url>");

    /** Everything in the pom that leaves the build unpinned. */
    public List<Finding> audit(Path pom) {
        String xml;
        try {
            xml = Files.readString(pom, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
        var findings = new ArrayList<Finding>();
        var dependencies = DEPENDENCY.matcher(xml);
        while (dependencies.find()) {
            var subject = dependencies.group(1) + ":" + dependencies.group(2);
            var version = dependencies.group(3);
            if (version.startsWith("[") || version.startsWith("(")) {
                findings.add(new Finding(Rule.VERSION_RANGE, subject, "version range " + version + ": pin one version"));
            } else if (version.equals("LATEST") || version.equals("RELEASE")) {
                findings.add(new Finding(Rule.DYNAMIC_VERSION, subject, version + ": pin one version"));
            } else if (version.endsWith("-SNAPSHOT")) {
                findings.add(new Finding(Rule.SNAPSHOT, subject, version + ": depend on a release"));
            }
        }
        var plugins = new ArrayList<String>();
        var pinned = new HashSet<String>();
        var blocks = PLUGIN.matcher(xml);
        while (blocks.find()) {
            var block = blocks.group(1);
            var artifactId = first(ARTIFACT_ID.matcher(block));
            if (block.contains("<version>")) {
                pinned.add(artifactId);
            } else {
                var groupId = first(GROUP_ID.matcher(block));
                plugins.add((groupId.isEmpty() ? "org.apache.maven.plugins" : groupId) + ":" + artifactId);
            }
        }
        for (var plugin : plugins) {
            if (!pinned.contains(plugin.substring(plugin.indexOf(':') + 1))) {
                findings.add(new Finding(Rule.MISSING_VERSION, plugin, "plugin without a version: pin it, here or in pluginManagement"));
            }
        }
        var repositories = REPOSITORY.matcher(xml);
        while (repositories.find()) {
            var block = repositories.group(1);
            var url = first(URL.matcher(block));
            if (url.startsWith("http://")) {
                findings.add(new Finding(Rule.INSECURE_REPOSITORY, first(ID.matcher(block)), url + ": use https"));
            }
        }
        return findings;
    }

    private static String first(Matcher matcher) {
        return matcher.find() ? matcher.group(1) : "";
    }
}
