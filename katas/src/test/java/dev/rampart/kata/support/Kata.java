package dev.rampart.kata.support;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One kata, as a row of {@code katas/README.md} names it. Every other path follows from the id
 * by one rule, so a kata cannot be half-renamed.
 *
 * @param number its number in the checklist (orders the lessons)
 * @param id     the kebab-case id learners type: {@code -Dkata=path-traversal}
 * @param title  the human title
 */
public record Kata(int number, String id, String title) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    public static final String PACKAGE_ROOT = "dev.rampart.kata";

    public Kata {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Kata id '" + id + "' must be kebab-case, like path-traversal");
        }
    }

    /** {@code path-traversal} → {@code dev.rampart.kata.pathtraversal}. */
    public String packageName() {
        return PACKAGE_ROOT + "." + id.replace("-", "");
    }

    /** The package as a relative directory: {@code dev/rampart/kata/pathtraversal}. */
    public Path packageDir() {
        return Path.of(packageName().replace('.', '/'));
    }

    /** Where the payload files live on the test classpath: {@code <id>/}. */
    public String payloadFolder() {
        return id + "/";
    }

    /** {@code katas/notebooks/06-path-traversal.ipynb}, relative to the repository root. */
    public Path lesson() {
        return Path.of("katas", "notebooks", "%02d-%s.ipynb".formatted(number, id));
    }

    /** The starter's sources, relative to the repository root. */
    public Path starterSources() {
        return Path.of("katas", "src", "main", "java").resolve(packageDir());
    }

    /** The attack suite's sources, relative to the repository root. */
    public Path suiteSources() {
        return Path.of("katas", "src", "test", "java").resolve(packageDir());
    }

    /** The reference solution's sources, relative to the repository root. */
    public Path solutionSources() {
        return Path.of("solutions", "src", "main", "java").resolve(packageDir());
    }

    /** The kata's wrong fixes (patches on the solution), relative to the repository root. */
    public Path wrongFixes() {
        return Path.of("solutions", "wrong-fixes", id);
    }
}
