package dev.rampart.server.kernel;

import dev.rampart.server.kernel.child.KernelMain;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The class path kernels start with: this module's classes (the kernel's entry point, the
 * display helpers, the kata runner) plus the runtime libraries the build listed in
 * {@code kernel-class-path.txt} — the katas' suites and what they use, without the web server.
 *
 * <p>The katas' starter classes are deliberately absent: the learner's current sources are
 * compiled by the kernel; a starter on the class path would shadow them and cells would see a
 * stale copy.
 */
public final class KernelClassPath {

    static final String RESOURCE = "kernel-class-path.txt";
    /** The katas module's main classes: target/classes of katas, or its main jar. */
    private static final Pattern STARTERS = Pattern.compile(".*[/\\\\]katas[/\\\\]target[/\\\\]classes[/\\\\]?$"
            + "|.*[/\\\\]katas-[^/\\\\]*(?<!-tests)\\.jar$");

    private KernelClassPath() {
    }

    /** The build's list when present (any normal build), else this JVM's own class path. */
    public static List<Path> current() {
        var entries = new LinkedHashSet<Path>();
        entries.add(ownLocation());
        try (var in = KernelClassPath.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                split(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()).forEach(entries::add);
            } else {
                split(System.getProperty("java.class.path", "")).forEach(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
        return entries.stream().filter(p -> !STARTERS.matcher(p.toString()).matches()).toList();
    }

    private static List<Path> split(String classPath) {
        var out = new ArrayList<Path>();
        Arrays.stream(classPath.split(Pattern.quote(File.pathSeparator)))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .forEach(out::add);
        return out;
    }

    private static Path ownLocation() {
        try {
            return Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot tell where the kernel's classes are loaded from", e);
        }
    }

    /** Whether every entry exists, so a missing build fails with a clear message at start. */
    static void check(List<Path> classPath) {
        for (var entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalStateException("The kernels' class path names " + entry
                        + ", which does not exist: build first (./mvnw verify)");
            }
        }
    }
}
