package dev.rampart.kata.support;

import static org.junit.platform.engine.discovery.ClassNameFilter.STANDARD_INCLUDE_PATTERN;
import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.engine.discovery.PackageNameFilter.includePackageNames;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code ./mvnw -q test -pl katas -Dkata=all}: runs every kata's suite against the learner's
 * current code and prints one line per kata (attacks blocked out of the total, whether the
 * honest-use tests still pass), and next to nothing else.
 *
 * <p>Why not Surefire: run there, the suites' failures are test failures, and Surefire lists each
 * of them (about a thousand lines on the starters) after the table and ends with "There are test
 * failures.", while the suites' own output (a starter's stack traces, a library's start-up lines)
 * comes before it. So the build runs this class in a JVM of its own instead (exec-maven-plugin,
 * katas/pom.xml): what the suites print, and every case with its verdict, go to a log file, and
 * the terminal gets one line saying where, then the table, last. {@code -Dkata.only=cors,jwt}
 * runs some katas only (the others read "not run").
 */
public final class ProgressTable implements TestExecutionListener {

    /** Some katas only: {@code -Dkata.only=cors,jwt}. */
    public static final String ONLY = "kata.only";

    private final Catalogue catalogue;
    private final PrintStream log;
    private final Map<String, List<CaseResult>> byKata = new LinkedHashMap<>();
    private TestPlan plan;

    ProgressTable(Catalogue catalogue, PrintStream log) {
        this.catalogue = catalogue;
        this.log = log;
        catalogue.katas().forEach(k -> byKata.put(k.id(), new ArrayList<>()));
    }

    /**
     * Does nothing. It used to be a service listener of every launcher; a build folder from then
     * (a checkout built before, never cleaned) may still name it in its
     * {@code META-INF/services}, and the launcher must still be able to make one there.
     */
    public ProgressTable() {
        this.catalogue = null;
        this.log = null;
    }

    /**
     * Runs the suites and prints the table.
     *
     * @param args the log file for the suites' output and every case's verdict
     */
    public static void main(String[] args) throws IOException {
        var terminal = System.out;
        var errors = System.err;
        try {
            run(args, terminal);
        } catch (Throwable e) {
            System.setOut(terminal);
            System.setErr(errors);
            errors.println("The progress table could not be made: " + e);
            e.printStackTrace(errors);
            System.exit(1);
        }
        // A starter may leave a server or a pool running; the table is out, so end here.
        System.exit(0);
    }

    private static void run(String[] args, PrintStream terminal) throws IOException {
        var catalogue = Catalogue.current();
        List<Kata> only;
        try {
            only = Arrays.stream(System.getProperty(ONLY, "").split(",")).map(String::strip).filter(id -> !id.isEmpty())
                    .map(catalogue::kata).toList();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        var logFile = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(logFile.getParent());
        try (var log = new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8)) {
            terminal.println("Running " + (only.isEmpty() ? "every kata's" : "the") + " attack suite"
                    + (only.size() == 1 ? "" : "s") + "; what they print, and every case, goes to " + shown(logFile));
            // From here on, whatever the suites and their libraries print (a starter's stack trace,
            // a framework's start-up lines, java.util.logging) lands in the log, not the terminal.
            System.setOut(log);
            System.setErr(log);
            var table = new ProgressTable(catalogue, log);
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectPackage("dev.rampart.kata"))
                    .filters(includeClassNamePatterns(STANDARD_INCLUDE_PATTERN));
            if (!only.isEmpty()) {
                request.filters(includePackageNames(only.stream().map(Kata::packageName).toList()));
            }
            LauncherFactory.create().execute(request.build(), table);
            terminal.println();
            terminal.println(format(catalogue, table.byKata));
            terminal.flush();
        }
    }

    /** The file as the person who typed the command finds it: relative to where they typed it. */
    private static String shown(Path file) {
        var here = Path.of(System.getProperty("rampart.shownFrom", "")).toAbsolutePath().normalize();
        return file.startsWith(here) ? here.relativize(file).toString() : file.toString();
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (catalogue == null) {
            return;
        }
        if (!id.isTest()) {
            result.getThrowable().ifPresent(thrown -> log.println("ERROR  " + id.getDisplayName() + ": " + thrown));
            return;
        }
        var kata = kataOf(id);
        var outcome = CaseResults.of(id, id.getDisplayName(), result);
        kata.ifPresent(k -> byKata.get(k.id()).add(outcome));
        log.println((outcome.passed() ? "PASSED " : outcome.isAttack() ? "FELL   " : "BROKEN ")
                + kata.map(Kata::id).orElse("?") + " › " + name(id) + (outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (log == null) {
            return;
        }
        log.println("SKIPPED " + id.getDisplayName() + ": " + reason);
    }

    /** As the notebook names a case: {@code FileServerTest › what the attacker does › payload}. */
    private String name(TestIdentifier id) {
        var parts = new ArrayList<String>();
        for (var at = id; at != null && at.getParentId().isPresent(); at = plan.getParent(at).orElse(null)) {
            parts.add(0, at.getDisplayName());
        }
        return String.join(" › ", parts);
    }

    private Optional<Kata> kataOf(TestIdentifier id) {
        return id.getSource().map(s -> s instanceof MethodSource m ? m.getClassName()
                        : s instanceof ClassSource c ? c.getClassName() : "")
                .flatMap(catalogue::kataOf);
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (log != null) {
            log.flush();
        }
    }

    /** The table itself, kept apart from I/O so it can be tested. */
    static String format(Catalogue catalogue, Map<String, List<CaseResult>> byKata) {
        var lines = new ArrayList<String>();
        var width = catalogue.katas().stream().mapToInt(k -> k.id().length()).max().orElse(4) + 2;
        lines.add(pad("kata", width) + pad("attacks blocked", 18) + "honest tests");
        lines.add("-".repeat(width + 18 + 12));
        for (var kata : catalogue.katas()) {
            var cases = byKata.getOrDefault(kata.id(), List.of());
            var attacks = cases.stream().filter(CaseResult::isAttack).toList();
            var honest = cases.stream().filter(c -> !c.isAttack()).toList();
            var blocked = attacks.stream().filter(CaseResult::passed).count();
            var honestOk = honest.stream().filter(CaseResult::passed).count();
            var state = attacks.isEmpty() ? "not run"
                    : blocked == attacks.size() && honestOk == honest.size() ? "solved"
                    : honestOk < honest.size() ? "feature broken" : "";
            lines.add(pad(kata.id(), width) + pad(blocked + " / " + attacks.size(), 18)
                    + pad(honestOk == honest.size() ? "ok" : (honest.size() - honestOk) + " broken", 16) + state);
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
