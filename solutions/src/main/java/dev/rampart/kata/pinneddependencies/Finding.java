package dev.rampart.kata.pinneddependencies;

/**
 * One reason a build is not reproducible.
 *
 * @param rule    what is wrong
 * @param subject what it is wrong with: {@code groupId:artifactId} for a dependency, plugin,
 *                extension or parent, the repository's id for a repository
 * @param detail  what the pom says, and what to write instead
 */
public record Finding(Rule rule, String subject, String detail) {
}
