package dev.rampart.proof;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import dev.rampart.contract.WrongFix;
import dev.rampart.pristine.Release;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The proof, as part of {@code ./mvnw verify}: every kata in the catalogue is run against its
 * starter and its solution, and the build fails with one line per broken rule. Paths come from
 * the build (see solutions/pom.xml).
 */
@DisplayName("The kata proof")
class KataContractTest {

    private static final Path ROOT = Path.of(System.getProperty("rampart.root", "..")).toAbsolutePath().normalize();
    /** The fewest wrong fixes a kata may have: a suite is judged by the mistakes it rejects. */
    static final int MIN_WRONG_FIXES = 6;
    private static final Catalogue CATALOGUE = Catalogue.current();
    private static final Path WRONG_FIX_BUILDS = Path.of(System.getProperty("rampart.wrongFixBuilds",
            System.getProperty("java.io.tmpdir") + "/rampart-wrong-fixes")).toAbsolutePath();
    private static final StarterEdits EDITS = StarterEdits.fromEnvironment(ROOT);
    /** Each kata's line of the summary, in the catalogue's order whatever order the katas end in. */
    private static final Map<Kata, String> SUMMARY = new ConcurrentSkipListMap<>(Comparator.comparingInt(Kata::number));
    private static final AtomicLong ATTACKS_PROVEN = new AtomicLong();
    private static final AtomicLong HONEST_PROVEN = new AtomicLong();
    private static final AtomicInteger KATAS_PROVEN = new AtomicInteger();
    private static final AtomicInteger WRONG_FIXES_REJECTED = new AtomicInteger();
    private static ProofLanes<List<Violation>> lanes;

    @Test
    @DisplayName("every catalogue row has its parts, every kata package has a row, and no solution file copies its starter")
    void catalogueMatchesTheTree() {
        var violations = new ArrayList<>(CatalogueCheck.check(CATALOGUE, ROOT));
        violations.addAll(UnchangedCopies.check(CATALOGUE, ROOT, Release.bundled()));
        failOn(violations);
    }

    /**
     * Every kata at once, as many as the machine has cores (see {@link ProofLanes}); each kata's
     * test reports its own proof when that proof is done.
     */
    @TestFactory
    @DisplayName("every kata")
    Stream<DynamicTest> everyKata() {
        var katas = CATALOGUE.katas().stream().filter(KataContractTest::selected).toList();
        lanes = ProofLanes.start(katas, Path.of(System.getProperty("rampart.suites")), ProofLanes.threads(), KataContractTest::prove);
        return katas.stream().map(kata -> dynamicTest(
                kata.id() + " falls on the starter and holds on the solution", () -> failOn(lanes.result(kata))));
    }

    /** Proves one kata and counts it in the summary; returns the rules it broke. */
    private static List<Violation> prove(Kata kata) {
        var starters = Path.of(System.getProperty("rampart.starters"));
        var solutions = Path.of(System.getProperty("rampart.solutions"));
        var report = KataProof.prove(kata, Path.of(System.getProperty("rampart.suites")), starters, solutions);
        var violations = new ArrayList<>(SignatureCheck.check(kata, starters, solutions));
        violations.addAll(report.violations());
        var wrongFixes = proveWrongFixes(kata, solutions, violations);
        if (EDITS.lenientFor(kata)) {
            // The learner edited this starter: their progress is news, not a broken build.
            violations.removeIf(v -> v.on() == Violation.On.STARTER);
            var blocked = report.blockedOnStarter();
            SUMMARY.put(kata, row(kata, blocked == report.attacks()
                    ? "solved in your starter: " + blocked + "/" + report.attacks() + " attacks blocked"
                    : "in progress in your starter: " + blocked + "/" + report.attacks() + " attacks blocked"));
        } else if (violations.isEmpty()) {
            KATAS_PROVEN.incrementAndGet();
            ATTACKS_PROVEN.addAndGet(report.attacks());
            HONEST_PROVEN.addAndGet(report.honestTests());
            WRONG_FIXES_REJECTED.addAndGet(wrongFixes);
            SUMMARY.put(kata, row(kata, "proven: " + report.attacks() + " attacks red → green, "
                    + report.honestTests() + " honest tests green on both, " + wrongFixes + " wrong fixes rejected"));
        } else {
            SUMMARY.put(kata, row(kata, violations.size() + " broken rule(s)"));
        }
        return violations;
    }

    /** Builds and runs every wrong fix of the kata; returns how many were rejected as they should be. */
    private static int proveWrongFixes(Kata kata, Path solutions, List<Violation> violations) {
        var fixes = new ArrayList<WrongFix>();
        try {
            fixes.addAll(WrongFix.of(kata, ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(kata.id(), "wrong fixes", e.getMessage()));
        }
        if (fixes.size() < MIN_WRONG_FIXES) {
            violations.add(new Violation(kata.id(), kata.wrongFixes().toString(), "holds " + fixes.size()
                    + " wrong fixes; a kata needs at least " + MIN_WRONG_FIXES + " (see docs/adding-a-kata.md)"));
        }
        var rejected = 0;
        for (var fix : fixes) {
            try {
                var built = WrongFixBuild.build(fix, ROOT, solutions, WRONG_FIX_BUILDS.resolve(kata.id()).resolve(fix.name()));
                var found = KataProof.proveWrongFix(fix, Path.of(System.getProperty("rampart.suites")), built, solutions);
                violations.addAll(found);
                rejected += found.isEmpty() ? 1 : 0;
            } catch (IllegalStateException e) {
                violations.add(new Violation(kata.id(), "wrong fix " + fix.name(), e.getMessage(), Violation.On.WRONG_FIX));
            }
        }
        return rejected;
    }

    /** {@code -Drampart.proof.kata=jwt,cors} proves only those katas (the catalogue check still runs). */
    private static boolean selected(Kata kata) {
        var only = System.getProperty("rampart.proof.kata", "").strip();
        return only.isEmpty() || List.of(only.split("\\s*,\\s*")).contains(kata.id());
    }

    @AfterAll
    static void printSummary() {
        if (lanes != null) {
            lanes.close();
        }
        System.out.println();
        System.out.printf("Kata proof: %d of %d katas proven; %d attack cases red on the starter and green on the solution; "
                + "%d honest tests green on both; %d wrong fixes rejected.%n",
                KATAS_PROVEN.get(), CATALOGUE.katas().size(), ATTACKS_PROVEN.get(), HONEST_PROVEN.get(), WRONG_FIXES_REJECTED.get());
        SUMMARY.values().forEach(System.out::println);
        System.out.println();
    }

    private static String row(Kata kata, String state) {
        return "  %-22s %s".formatted(kata.id(), state);
    }

    /** One line per broken rule, nothing else: the line is the whole story. */
    private static void failOn(List<Violation> violations) {
        if (!violations.isEmpty()) {
            fail(violations.stream().map(v -> "✗ " + v).collect(Collectors.joining(System.lineSeparator(),
                    System.lineSeparator(), "")));
        }
    }
}
