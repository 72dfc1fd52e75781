package dev.rampart.proof;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue's promises, checked on disk: every row's parts exist where the id says they
 * are, every link in a row resolves, and no kata package exists without a row.
 */
final class CatalogueCheck {

    private CatalogueCheck() {
    }

    static List<Violation> check(Catalogue catalogue, Path root) {
        var violations = new ArrayList<Violation>();
        var folder = catalogue.readme().toAbsolutePath().getParent();
        for (var row : catalogue.rows()) {
            var kata = row.kata();
            requireSources(kata, "starter", root.resolve(kata.starterSources()), violations);
            requireSources(kata, "attack suite", root.resolve(kata.suiteSources()), violations);
            requireSources(kata, "solution", root.resolve(kata.solutionSources()), violations);
            for (var link : row.links()) {
                if (!link.contains("://") && !Files.exists(folder.resolve(link).normalize())) {
                    violations.add(new Violation(kata.id(), "katas/README.md", "links to " + link + ", which does not exist"));
                }
            }
        }
        var listed = catalogue.katas().stream().map(Kata::packageName).collect(Collectors.toSet());
        for (var sources : List.of(Path.of("katas", "src", "main", "java"), Path.of("solutions", "src", "main", "java"))) {
            unlisted(root.resolve(sources).resolve(Path.of(Kata.PACKAGE_ROOT.replace('.', '/'))), listed).forEach(pkg ->
                    violations.add(new Violation(pkg, sources.toString(),
                            "package has no row in katas/README.md: add the row or remove the package")));
        }
        return violations;
    }

    private static void requireSources(Kata kata, String part, Path dir, List<Violation> into) {
        if (!hasJava(dir)) {
            into.add(new Violation(kata.id(), part, "no Java sources at " + dir + " (the id decides the package)"));
        }
    }

    private static boolean hasJava(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> unlisted(Path packageRoot, Set<String> listed) {
        if (!Files.isDirectory(packageRoot)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(packageRoot)) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> Kata.PACKAGE_ROOT + "." + d.getFileName())
                    .filter(pkg -> !listed.contains(pkg))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
