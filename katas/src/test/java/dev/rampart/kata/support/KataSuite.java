package dev.rampart.kata.support;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.Kata;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;
import static org.junit.platform.engine.discovery.PackageNameFilter.includePackageNames;
import static org.junit.platform.launcher.MethodFilter.includeMethodNamePatterns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs one kata's suite against one implementation of it (the starter, the solution, or the
 * learner's current code) with the JUnit Platform Launcher, and reports each case as it ends.
 *
 * <p>The suite and the implementation are loaded by a {@link KataClassLoader} that looks in
 * its own folders first for the kata's package, so the same compiled suite can be pointed at
 * any implementation in one JVM. Everything else (JUnit, AssertJ, the shared support, the
 * databases) comes from the caller's class loader and is shared between runs.
 */
public final class KataSuite {

    /** Launcher settings every run uses, whatever {@code junit-platform.properties} is visible. */
    public static final Map<String, String> CONFIGURATION = Map.of(
            "junit.jupiter.displayname.generator.default", AttackNames.class.getName(),
            "junit.jupiter.execution.timeout.default", "60 s",
            "junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD");

    private KataSuite() {
    }

    /**
     * Runs the suite of {@code kata} found under {@code suiteClasses} against the classes under
     * {@code implementation}, calling {@code onCase} for every case as it ends.
     *
     * @return every case, in the order they ended
     */
    public static List<CaseResult> run(Kata kata, Path suiteClasses, Path implementation, Consumer<CaseResult> onCase) {
        return run(kata, suiteClasses, List.of(implementation), List.of(), onCase);
    }

    /**
     * Runs some of the suite of {@code kata} against an implementation made of several folders,
     * the first one that holds a class winning (a wrong fix's few classes before the solution's).
     *
     * @param methods the suite's methods to run, as {@code FileServerTest#siblingPrefix}
     *                ({@code Outer$Nested#method} for a nested class); empty runs every case
     * @return every case that ran, in the order they ended
     */
    public static List<CaseResult> run(Kata kata, Path suiteClasses, List<Path> implementation, List<String> methods,
                                       Consumer<CaseResult> onCase) {
        requireDirectory(suiteClasses, "compiled attack suites");
        implementation.forEach(dir -> requireDirectory(dir, "compiled implementation"));
        var results = new ArrayList<CaseResult>();
        // Created before the kata's loader is the context loader: the launcher reads its own
        // properties from the classpath, where the katas' test classes would add a second copy.
        var launcher = LauncherFactory.create();
        var folders = new ArrayList<Path>();
        folders.add(suiteClasses);
        folders.addAll(implementation);
        var loader = new KataClassLoader(kata.packageName(), urls(folders), KataSuite.class.getClassLoader());
        var thread = Thread.currentThread();
        var previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try (loader) {
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClasspathRoots(Set.of(suiteClasses)))
                    .filters(includePackageNames(kata.packageName()), includeClassNamePatterns(".*"))
                    .configurationParameters(CONFIGURATION)
                    // Only CONFIGURATION: the classpath may hold the katas' properties twice.
                    .enableImplicitConfigurationParameters(false);
            if (!methods.isEmpty()) {
                request.filters(includeMethodNamePatterns(methods.stream()
                        .map(m -> Pattern.quote(kata.packageName() + "." + m) + "(\\(.*\\))?")
                        .toArray(String[]::new)));
            }
            launcher.execute(request.build(), new Collector(r -> {
                results.add(r);
                onCase.accept(r);
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        return List.copyOf(results);
    }

    private static void requireDirectory(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("No " + what + " at " + dir + ": build the katas first (./mvnw verify)");
        }
    }

    private static URL[] urls(List<Path> dirs) {
        var urls = new URL[dirs.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = dirs.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(dirs.get(i).toString(), e);
            }
        }
        return urls;
    }

    /** Turns launcher events into case results; names carry the class so a case reads alone. */
    static final class Collector implements TestExecutionListener {
        private final Consumer<CaseResult> onCase;
        private TestPlan plan;

        Collector(Consumer<CaseResult> onCase) {
            this.onCase = onCase;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest() || id.getSource().isPresent()) {
                onCase.accept(CaseResults.skipped(id, name(id), reason));
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && id.getSource().isPresent()) {
                onCase.accept(CaseResults.of(id, name(id), result));
            }
        }

        private String name(TestIdentifier id) {
            var parts = new ArrayList<String>();
            for (var at = id; at != null && at.getParentId().isPresent(); at = plan.getParent(at).orElse(null)) {
                parts.add(0, at.getDisplayName());
            }
            return String.join(" › ", parts);
        }
    }
}
