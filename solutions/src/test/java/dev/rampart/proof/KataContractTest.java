package dev.rampart.proof;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rampart.kata.support.Catalogue;
import dev.rampart.kata.support.Kata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private static final Catalogue CATALOGUE = Catalogue.current();
    private static final StarterEdits EDITS = StarterEdits.fromEnvironment(ROOT);
    private static final List<String> SUMMARY = new ArrayList<>();
    private static int attacksProven;
    private static int honestProven;
    private static int katasProven;

    @Test
    @DisplayName("every catalogue row has its parts, and every kata package has a row")
    void catalogueMatchesTheTree() {
        failOn(CatalogueCheck.check(CATALOGUE, ROOT));
    }

    @TestFactory
    @DisplayName("every kata")
    Stream<DynamicTest> everyKata() {
        return CATALOGUE.katas().stream().map(kata -> dynamicTest(
                kata.id() + " falls on the starter and holds on the solution", () -> prove(kata)));
    }

    private static void prove(Kata kata) {
        var starters = Path.of(System.getProperty("rampart.starters"));
        var solutions = Path.of(System.getProperty("rampart.solutions"));
        var report = KataProof.prove(kata, Path.of(System.getProperty("rampart.suites")), starters, solutions);
        var violations = new ArrayList<>(SignatureCheck.check(kata, starters, solutions));
        violations.addAll(report.violations());
        if (EDITS.lenientFor(kata)) {
            // The learner edited this starter: their progress is news, not a broken build.
            violations.removeIf(v -> v.on() == Violation.On.STARTER);
            var blocked = report.blockedOnStarter();
            SUMMARY.add(row(kata, blocked == report.attacks()
                    ? "solved in your starter: " + blocked + "/" + report.attacks() + " attacks blocked"
                    : "in progress in your starter: " + blocked + "/" + report.attacks() + " attacks blocked"));
        } else if (violations.isEmpty()) {
            katasProven++;
            attacksProven += report.attacks();
            honestProven += report.honestTests();
            SUMMARY.add(row(kata, "proven: " + report.attacks() + " attacks red → green, "
                    + report.honestTests() + " honest tests green on both"));
        } else {
            SUMMARY.add(row(kata, violations.size() + " broken rule(s)"));
        }
        failOn(violations);
    }

    @AfterAll
    static void printSummary() {
        System.out.println();
        System.out.printf("Kata proof: %d of %d katas proven; %d attack cases red on the starter and green on the solution; "
                + "%d honest tests green on both.%n", katasProven, CATALOGUE.katas().size(), attacksProven, honestProven);
        SUMMARY.forEach(System.out::println);
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
