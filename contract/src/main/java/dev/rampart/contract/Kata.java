package dev.rampart.contract;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One kata, as a row of {@code katas/README.md} names it. Every other path follows from the id
 * by one rule, so a kata cannot be half-renamed.
 *
 * <p>Two kinds of path: inside a workspace (the katas module, or a learner's copy of it, as the
 * server serves it), written with {@code /} as notebooks and URLs name them; and from the
 * repository root, for the build.
 *
 * @param number its number in the checklist (orders the lessons)
 * @param id     the kebab-case id learners type: {@code -Dkata=path-traversal}
 * @param title  the human title
 */
public record Kata(int number, String id, String title) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    public static final String PACKAGE_ROOT = "dev.rampart.kata";
    /** The katas module, the learner's workspace, from the repository root. */
    public static final Path WORKSPACE = Path.of("katas");

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

    /** The lesson inside a workspace: {@code notebooks/06-path-traversal.ipynb}. */
    public String workspaceLesson() {
        return "notebooks/%02d-%s.ipynb".formatted(number, id);
    }

    /** The starter's sources inside a workspace: {@code src/main/java/dev/rampart/kata/pathtraversal}. */
    public String workspaceSources() {
        return "src/main/java/" + packageName().replace('.', '/');
    }

    /** {@code katas/notebooks/06-path-traversal.ipynb}, relative to the repository root. */
    public Path lesson() {
        return WORKSPACE.resolve(workspaceLesson());
    }

    /** The starter's sources, relative to the repository root. */
    public Path starterSources() {
        return WORKSPACE.resolve(workspaceSources());
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
