package dev.rampart.server.kernel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.contract.Kata;
import dev.rampart.kata.support.KataSuite;
import dev.rampart.server.kernel.child.KernelMain;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The class path kernels start with, taken from the katas module rather than from the server:
 *
 * <ol>
 *   <li>the kernel's own code (this module's classes: the entry point, the display helpers, the
 *       attack runner), the kata contract, and the few libraries it speaks with (Jackson, the JUnit
 *       launcher API);</li>
 *   <li>the katas' compiled suites and their support (the katas test-jar, or its
 *       {@code test-classes} folder in a reactor build);</li>
 *   <li>every dependency of the katas module, in every scope, as its build listed them in
 *       {@code dev/rampart/kata/support/class-path.txt} inside that test-jar: what the starters
 *       use (a learner's fix may reach for the same libraries) and what the suites use.</li>
 * </ol>
 *
 * <p>The katas' starter classes are deliberately absent: a kernel compiles the learner's current
 * sources from the workspace; a starter on the class path would shadow them and cells would see
 * a stale copy. A kata that adds a library to the katas' pom gets it in the kernels with no
 * change here.
 */
public final class KernelClassPath {

    /** Written by the katas module's build (maven-dependency-plugin, build-classpath). */
    static final String KATAS_LIST = "class-path.txt";
    /** The katas module's main classes: target/classes of katas, or its main jar. */
    private static final Pattern STARTERS = Pattern.compile(".*[/\\\\]katas[/\\\\]target[/\\\\]classes[/\\\\]?$"
            + "|.*[/\\\\]katas-[^/\\\\]*(?<!-tests)\\.jar$");

    private KernelClassPath() {
    }

    /** The kernels' class path for this server's build. */
    public static List<Path> current() {
        var entries = new LinkedHashSet<Path>();
        for (var kernelCode : List.of(KernelMain.class, Kata.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class, TestExecutionListener.class)) {
            entries.add(locationOf(kernelCode));
        }
        entries.add(locationOf(KataSuite.class));
        entries.addAll(katasDependencies());
        return entries.stream().filter(p -> !STARTERS.matcher(p.toString()).matches()).toList();
    }

    private static List<Path> katasDependencies() {
        try (var in = KataSuite.class.getResourceAsStream(KATAS_LIST)) {
            if (in == null) {
                throw new IllegalStateException("The katas' test-jar at " + locationOf(KataSuite.class) + " holds no "
                        + KATAS_LIST + ": rebuild the katas module (./mvnw -q verify -pl server -am)");
            }
            var listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            return Arrays.stream(listed.split(Pattern.quote(File.pathSeparator)))
                    .filter(s -> !s.isBlank())
                    .map(Path::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the katas' " + KATAS_LIST, e);
        }
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("Cannot tell where " + type.getName() + " is loaded from", e);
        }
    }

    /** Whether every entry exists, so a missing build fails with a clear message at start. */
    static void check(List<Path> classPath) {
        for (var entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalStateException("The kernels' class path names " + entry
                        + ", which does not exist: build first (./mvnw -q verify -pl server -am)");
            }
        }
    }
}
