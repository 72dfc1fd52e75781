package dev.rampart.kata.dependencyaudit;

import java.util.List;

/**
 * A resolved dependency that an advisory covers.
 *
 * @param advisory    the advisory's id, e.g. {@code GHSA-jfh8-c2jp-5v3q}
 * @param aliases     other ids for the same flaw, e.g. {@code CVE-2021-44228}
 * @param packageName {@code groupId:artifactId}
 * @param version     the version the build resolved
 * @param path        how the build reached it, from a direct dependency down, each {@code groupId:artifactId:version}
 */
public record Finding(String advisory, List<String> aliases, String packageName, String version, List<String> path) {

    public Finding {
        aliases = List.copyOf(aliases);
        path = List.copyOf(path);
    }
}
