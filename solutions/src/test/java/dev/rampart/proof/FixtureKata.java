package dev.rampart.proof;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.rampart.contract.Kata;
import dev.rampart.contract.WrongFix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;

/**
 * A throw-away kata for testing the proof itself: starter, solution and suite given as source
 * text, compiled with the JDK's compiler into a temporary folder, laid out as the build lays
 * out the real ones (the suite compiled against the starter).
 */
record FixtureKata(Kata kata, Path suites, Path starters, Path solutions) {

    static final Kata KATA = new Kata(99, "fixture", "A fixture kata");

    static FixtureKata compile(Path dir, Map<String, String> starter, Map<String, String> solution, Map<String, String> suite) {
        var starters = compile(dir.resolve("starters"), starter, List.of());
        var solutions = compile(dir.resolve("solutions"), solution, List.of());
        var suites = compile(dir.resolve("suites"), suite, List.of(starters));
        return new FixtureKata(KATA, suites, starters, solutions);
    }

    KataProof.Report prove() {
        return KataProof.prove(kata, suites, starters, solutions);
    }

    /**
     * Writes the solution with one mistake as a wrong fix (header and a real unified diff, as
     * {@code git diff} would write it) under {@code root}, which then holds the solution's
     * sources in the repository's layout, and proves it.
     */
    List<Violation> proveWrongFix(Path root, String solution, String mistaken, String header) {
        return proveWrongFix(root, solution, solution, mistaken, header);
    }

    /** As above, with {@code onDisk} as the solution's source when the patch is applied. */
    List<Violation> proveWrongFix(Path root, String onDisk, String solution, String mistaken, String header) {
        var relative = KATA.solutionSources().resolve("Meter.java").toString().replace('\\', '/');
        var original = ("package " + KATA.packageName() + ";\n" + solution).lines().toList();
        var changed = ("package " + KATA.packageName() + ";\n" + mistaken).lines().toList();
        var diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + relative, "b/" + relative, original,
                DiffUtils.diff(original, changed), 3);
        try {
            var file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.write(file, ("package " + KATA.packageName() + ";\n" + onDisk).lines().toList());
            var fix = WrongFix.parse(KATA, "mistake", header + "\n" + String.join("\n", diff) + "\n");
            var built = WrongFixBuild.build(fix, root, solutions, root.resolve("build"));
            return KataProof.proveWrongFix(fix, suites, built, solutions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path compile(Path out, Map<String, String> sources, List<Path> extraClasspath) {
        try {
            var src = out.resolveSibling(out.getFileName() + "-src");
            var files = new ArrayList<String>();
            for (var entry : sources.entrySet()) {
                var file = src.resolve(KATA.packageDir()).resolve(entry.getKey() + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, "package " + KATA.packageName() + ";\n" + entry.getValue());
                files.add(file.toString());
            }
            Files.createDirectories(out);
            var classpath = new ArrayList<String>();
            extraClasspath.forEach(p -> classpath.add(p.toString()));
            classpath.add(System.getProperty("java.class.path"));
            var args = new ArrayList<>(List.of("-d", out.toString(), "-cp", String.join(java.io.File.pathSeparator, classpath),
                    "-proc:none", "-nowarn"));
            args.addAll(files);
            var status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("fixture did not compile: " + sources.keySet());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
