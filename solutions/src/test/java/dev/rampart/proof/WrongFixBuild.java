package dev.rampart.proof;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.rampart.contract.WrongFix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.apache.commons.io.file.PathUtils;

/**
 * Builds a wrong fix: applies its patch to the solution's sources (java-diff-utils reads the
 * diff; a starter file the solution reuses unchanged is patched as the build supplied it) and compiles the files it changes into a folder of their own. Loaded before the
 * solution's classes, that folder turns the solution into the wrong fix; every class the patch
 * does not touch stays the solution's.
 */
final class WrongFixBuild {

    private WrongFixBuild() {
    }

    /**
     * @param root      the repository root, which the diff's paths are relative to
     * @param solutions the solution's compiled classes, which the changed files compile against
     * @param into      an empty folder for the patched sources and their classes
     * @return the folder of compiled classes, to load before the solution's
     * @throws IllegalStateException naming the wrong fix, when the patch does not apply (the
     *                               solution moved on: write the patch again) or does not compile
     */
    static Path build(WrongFix fix, Path root, Path solutions, Path into) {
        try {
            if (Files.exists(into)) {
                PathUtils.deleteDirectory(into);
            }
            var sources = into.resolve("src");
            var classes = Files.createDirectories(into.resolve("classes"));
            var changed = new ArrayList<String>();
            var diff = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(fix.diff().getBytes(UTF_8)));
            if (diff.getFiles().isEmpty()) {
                throw failed(fix, "its diff names no file");
            }
            for (var file : diff.getFiles()) {
                var relative = Path.of(stripSide(file.getToFile()));
                if (!relative.normalize().startsWith(fix.kata().solutionSources()) || !relative.toString().endsWith(".java")) {
                    throw failed(fix, "changes " + relative + ", which is not a Java file of the solution ("
                            + fix.kata().solutionSources() + ")");
                }
                var original = Files.readAllLines(solutionFile(root, relative), UTF_8);
                var patched = file.getPatch().applyTo(original);
                var target = sources.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.write(target, patched, UTF_8);
                changed.add(target.toString());
            }
            compile(fix, changed, solutions, classes);
            return classes;
        } catch (PatchFailedException e) {
            throw failed(fix, "the patch no longer applies to the solution (" + e.getMessage()
                    + "): put the mistake back into the current solution and write the diff again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The solution's file the patch names: in {@code solutions/}, or, for a starter file the fix
     * does not change, the copy the build supplied ({@code -Drampart.unchangedStarters}).
     */
    private static Path solutionFile(Path root, Path relative) {
        var file = root.resolve(relative);
        if (Files.exists(file)) {
            return file;
        }
        var supplied = Path.of(System.getProperty("rampart.unchangedStarters", "target/generated-sources/unchanged-starters"))
                .resolve(UnchangedCopies.SOLUTIONS.relativize(relative.normalize()));
        return Files.exists(supplied) ? supplied : file;
    }

    /** {@code b/solutions/...} as git writes it, or the bare path. */
    private static String stripSide(String path) {
        return path.startsWith("a/") || path.startsWith("b/") ? path.substring(2) : path;
    }

    private static void compile(WrongFix fix, List<String> files, Path solutions, Path classes) {
        var args = new ArrayList<>(List.of("-d", classes.toString(),
                "-cp", solutions + File.pathSeparator + System.getProperty("java.class.path"),
                "--release", "17", "-proc:none", "-nowarn", "-encoding", "UTF-8"));
        args.addAll(files);
        var errors = new ByteArrayOutputStream();
        var status = ToolProvider.getSystemJavaCompiler().run(null, errors, errors, args.toArray(String[]::new));
        if (status != 0) {
            throw failed(fix, "does not compile once applied: " + errors.toString(UTF_8).strip().replaceAll("\\s*\\R\\s*", " "));
        }
    }

    private static IllegalStateException failed(WrongFix fix, String what) {
        return new IllegalStateException(fix.kata().id() + " › wrong fix " + fix.name() + ": " + what);
    }
}
