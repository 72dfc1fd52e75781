package dev.rampart.kata.dotenvhygiene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that a repository keeps its {@code .env} files out of git: run in CI and before a
 * release, it lists every env file that would end up in a commit.
 */
public final class EnvFileAudit {

    private EnvFileAudit() {
    }

    /**
     * The env files of the git work tree at {@code repository} that git would commit, as paths
     * relative to it, sorted; empty when the repository is clean.
     */
    public static List<Path> exposedEnvFiles(Path repository) {
        if (!Files.isRegularFile(repository.resolve(".env"))) {
            return List.of();
        }
        var gitignore = repository.resolve(".gitignore");
        try {
            var rules = Files.isRegularFile(gitignore) ? Files.readAllLines(gitignore) : List.<String>of();
            var ignored = rules.stream()
                    .map(String::strip)
                    .filter(rule -> !rule.startsWith("#"))
                    .anyMatch(rule -> rule.contains(".env"));
            return ignored ? List.of() : List.of(Path.of(".env"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + gitignore, e);
        }
    }
}
