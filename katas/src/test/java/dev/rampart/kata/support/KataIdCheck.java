package dev.rampart.kata.support;

import dev.rampart.contract.Catalogue;
import java.nio.file.Path;

/**
 * Checks {@code -Dkata=<id>} before the suites run, so a typo ends the learner's loop with one
 * message in the terminal (the closest id, then every id) instead of a stack trace from inside
 * Surefire's forked JVM. Run by the build (exec:java, katas/pom.xml) with the catalogue's path
 * and the id typed.
 */
public final class KataIdCheck {

    private KataIdCheck() {
    }

    public static void main(String[] args) {
        var catalogue = Catalogue.read(Path.of(args[0]));
        var id = args.length > 1 ? args[1].strip() : "";
        if (id.isEmpty() || id.equals("all") || catalogue.katas().stream().anyMatch(k -> k.id().equals(id))) {
            return;
        }
        System.err.println();
        System.err.println(catalogue.unknown(id));
        System.err.flush();
        // Ends Maven's own JVM (exec:java runs in it): the message stays the last thing printed,
        // without Maven's failure trailer, and the exit status is still a failure.
        System.exit(2);
    }
}
