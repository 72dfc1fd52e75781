package dev.rampart.proof;

import dev.rampart.contract.Catalogue;
import dev.rampart.pristine.Release;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A solution holds only the files its fix changes: the build supplies the rest of the starter
 * as released (see the pristine module's {@code UnchangedStarters}). A solution file that is its
 * released starter file byte for byte is refused, because nothing would keep the two equal once
 * the starter changes.
 */
final class UnchangedCopies {

    static final Path SOLUTIONS = Path.of("solutions", "src", "main", "java");

    private UnchangedCopies() {
    }

    static List<Violation> check(Catalogue catalogue, Path root, Release release) {
        var violations = new ArrayList<Violation>();
        for (var kata : catalogue.katas()) {
            var folder = root.resolve(kata.solutionSources());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (var file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                    var relative = root.resolve(SOLUTIONS).relativize(file).toString().replace('\\', '/');
                    var starter = "src/main/java/" + relative;
                    if (release.has(starter) && Arrays.equals(Files.readAllBytes(file), release.read(starter))) {
                        violations.add(new Violation(kata.id(), SOLUTIONS.resolve(relative).toString().replace('\\', '/'),
                                "is the committed starter file unchanged: delete it (the build supplies the starter files a fix does"
                                        + " not change; solutions/drop-unchanged-starters.sh removes every such copy)"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return violations;
    }
}
