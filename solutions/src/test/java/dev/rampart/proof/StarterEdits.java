package dev.rampart.proof;

import dev.rampart.contract.Kata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether a learner has edited a kata's starter in place. A learner who fixed starters
 * and runs the whole build should see "solved", not a wall of traces; a developer who weakened
 * a suite has not touched the starter, so the proof stays strict for them. {@code CI=true}
 * keeps it strict for everyone.
 */
final class StarterEdits {

    private final Path root;
    private final boolean ci;

    StarterEdits(Path root, boolean ci) {
        this.root = root;
        this.ci = ci;
    }

    static StarterEdits fromEnvironment(Path root) {
        return new StarterEdits(root, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    /** True when the proof may report this kata's starter as the learner's work instead of failing. */
    boolean lenientFor(Kata kata) {
        return !ci && edited(kata);
    }

    /** Git knows the pristine starter; without git (a downloaded zip) we assume it is pristine. */
    private boolean edited(Kata kata) {
        try {
            var git = new ProcessBuilder("git", "status", "--porcelain", "--", kata.starterSources().toString())
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            var output = new String(git.getInputStream().readAllBytes());
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 && !output.isBlank();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
