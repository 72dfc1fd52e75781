package dev.rampart.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof catches every kind of broken kata. Each fixture is a tiny kata (a percentage that
 * must be clamped to 0..100) with one thing wrong.
 */
@DisplayName("The kata proof catches")
class KataProofTest {

    private static final String VULNERABLE = """
            public class Meter {
                public static int percent(int value) { return value; }
            }
            """;
    private static final String FIXED = """
            public class Meter {
                public static int percent(int value) { return Math.max(0, Math.min(100, value)); }
            }
            """;
    private static final String STUB = """
            public class Meter {
                public static int percent(int value) { throw new UnsupportedOperationException("write me"); }
            }
            """;
    private static final String BROKEN_FEATURE = """
            public class Meter {
                public static int percent(int value) { return 0; }
            }
            """;
    private static final String HONEST = """
                @org.junit.jupiter.api.Test
                void inRangeValuesAreKept() {
                    org.assertj.core.api.Assertions.assertThat(Meter.percent(42)).isEqualTo(42);
                }
            """;
    private static final String ATTACK = """
                @dev.rampart.kata.support.Attack("a negative reading drains the meter below zero")
                void negative() {
                    org.assertj.core.api.Assertions.assertThat(Meter.percent(-5)).isGreaterThanOrEqualTo(0);
                }
            """;
    private static final String TOOTHLESS_ATTACK = """
                @dev.rampart.kata.support.Attack("a reading of 50 is kept")
                void toothless() {
                    org.assertj.core.api.Assertions.assertThat(Meter.percent(50)).isEqualTo(50);
                }
            """;

    @TempDir
    Path dir;

    private KataProof.Report prove(String starter, String solution, String... cases) {
        var suite = "class MeterTest {\n" + String.join("\n", cases) + "}\n";
        return FixtureKata.compile(dir, Map.of("Meter", starter), Map.of("Meter", solution), Map.of("MeterTest", suite)).prove();
    }

    @Test
    @DisplayName("nothing in a sound kata")
    void soundKataIsProven() {
        var report = prove(VULNERABLE, FIXED, HONEST, ATTACK);

        assertThat(report.violations()).isEmpty();
        assertThat(report.attacks()).isEqualTo(1);
        assertThat(report.honestTests()).isEqualTo(1);
    }

    @Test
    @DisplayName("an attack that passes on the starter")
    void attackPassingOnStarter() {
        var report = prove(VULNERABLE, FIXED, HONEST, ATTACK, TOOTHLESS_ATTACK);

        assertThat(report.violations()).singleElement().hasToString(
                "fixture › MeterTest › a reading of 50 is kept: attack passed on the starter: "
                        + "the exploit did not work, so the case proves nothing");
    }

    @Test
    @DisplayName("an attack that errors on the starter instead of failing by assertion")
    void attackErroringOnStarter() {
        var report = prove(STUB.replace("value)", "value)").replace("throw", "if (value < 0) throw")
                .replace("\"write me\"); }", "\"write me\"); return value; }"), FIXED, HONEST, ATTACK);

        assertThat(report.violations()).singleElement().satisfies(v -> {
            assertThat(v.where()).isEqualTo("MeterTest › a negative reading drains the meter below zero");
            assertThat(v.what()).startsWith("attack errored on the starter instead of failing by assertion")
                    .endsWith("(java.lang.UnsupportedOperationException: write me)");
        });
    }

    @Test
    @DisplayName("a starter that is a stub: honest tests and attacks error")
    void stubStarter() {
        var report = prove(STUB, FIXED, HONEST, ATTACK);

        assertThat(report.violations()).extracting(Violation::what).containsExactlyInAnyOrder(
                "honest test errored on the starter (java.lang.UnsupportedOperationException: write me)",
                "attack errored on the starter instead of failing by assertion (java.lang.UnsupportedOperationException: write me)");
    }

    @Test
    @DisplayName("an honest test failing on the solution")
    void honestTestFailingOnSolution() {
        var report = prove(VULNERABLE, BROKEN_FEATURE, HONEST, ATTACK);

        assertThat(report.violations()).singleElement().satisfies(v -> {
            assertThat(v.on()).isEqualTo(Violation.On.SOLUTION);
            assertThat(v.where()).isEqualTo("MeterTest › inRangeValuesAreKept()");
            assertThat(v.what()).startsWith("honest test failed on the solution");
        });
    }

    @Test
    @DisplayName("an attack the solution does not block")
    void attackNotBlockedBySolution() {
        var report = prove(VULNERABLE, VULNERABLE, HONEST, ATTACK);

        assertThat(report.violations()).singleElement()
                .extracting(Violation::what).asString().startsWith("attack failed on the solution: the fix does not block it");
    }

    @Test
    @DisplayName("a kata with no attacks")
    void kataWithoutAttacks() {
        var report = prove(VULNERABLE, FIXED, HONEST);

        assertThat(report.violations()).singleElement().hasToString(
                "fixture › suite: has no @Attack cases: a kata must prove at least one exploit");
    }

    @Test
    @DisplayName("a kata with no honest-use tests")
    void kataWithoutHonestTests() {
        var report = prove(VULNERABLE, FIXED, ATTACK);

        assertThat(report.violations()).extracting(Violation::what).singleElement().asString()
                .startsWith("has no honest-use tests");
    }

    @Test
    @DisplayName("a disabled attack")
    void disabledAttack() {
        var report = prove(VULNERABLE, FIXED, HONEST, "@org.junit.jupiter.api.Disabled(\"flaky\")\n" + ATTACK);

        assertThat(report.violations()).extracting(Violation::what)
                .anySatisfy(what -> assertThat(what).startsWith("attack was skipped on the starter"));
    }

    @Test
    @DisplayName("a solution whose signatures differ from the starter's")
    void signatureDrift() {
        var renamed = FIXED.replace("percent(int value)", "percent(long value)").replace("Math.min(100, value)", "(int) Math.min(100, value)");
        var fixture = FixtureKata.compile(dir, Map.of("Meter", VULNERABLE), Map.of("Meter", renamed),
                Map.of("MeterTest", "class MeterTest {\n" + HONEST + ATTACK + "}\n"));

        var violations = SignatureCheck.check(fixture.kata(), fixture.starters(), fixture.solutions());

        assertThat(violations).extracting(Violation::what).containsExactlyInAnyOrder(
                "starter and solution differ in method int percent(int) (missing in the solution)",
                "starter and solution differ in method int percent(long) (missing in the starter)");
    }

    private static final String CLAMPS_ONLY_THE_TOP = """
            public class Meter {
                public static int percent(int value) { return Math.min(100, value); }
            }
            """;

    private static String header(String caughtBy, String breaks) {
        return """
                Title: Clamp only the top
                Mistake: Readings above 100 were the bug report, but a negative reading still drains the meter.
                Caught-by: %s
                Breaks: %s
                Source: the fixture's own history
                """.formatted(caughtBy, breaks);
    }

    private List<Violation> proveWrongFix(String mistaken, String caughtBy, String breaks) {
        var fixture = FixtureKata.compile(dir, Map.of("Meter", VULNERABLE), Map.of("Meter", FIXED),
                Map.of("MeterTest", "class MeterTest {\n" + HONEST + ATTACK + "}\n"));
        return fixture.proveWrongFix(dir.resolve("repo"), FIXED, mistaken, header(caughtBy, breaks));
    }

    @Test
    @DisplayName("nothing in a wrong fix the suite rejects")
    void rejectedWrongFix() {
        assertThat(proveWrongFix(CLAMPS_ONLY_THE_TOP, "MeterTest#negative", "attack")).isEmpty();
    }

    @Test
    @DisplayName("a wrong fix that passes the cases it names")
    void wrongFixThatPasses() {
        var clampsBoth = FIXED.replace("Math.max(0, Math.min(100, value))", "Math.min(100, Math.max(0, value))");

        assertThat(proveWrongFix(clampsBoth, "MeterTest#negative", "attack")).singleElement().hasToString(
                "fixture › wrong fix mistake: passes MeterTest#negative: the suite does not reject this wrong fix");
    }

    @Test
    @DisplayName("a wrong fix that names a case the suite does not have")
    void wrongFixNamingNoCase() {
        assertThat(proveWrongFix(CLAMPS_ONLY_THE_TOP, "MeterTest#nothingLikeThis", "attack"))
                .extracting(Violation::what).singleElement().asString()
                .startsWith("Caught-by names MeterTest#nothingLikeThis, which is not a case of the suite");
    }

    @Test
    @DisplayName("a wrong fix caught by an honest test that says it breaks an attack")
    void wrongFixOfTheWrongKind() {
        assertThat(proveWrongFix(BROKEN_FEATURE, "MeterTest#inRangeValuesAreKept", "attack"))
                .extracting(Violation::what).singleElement().asString()
                .isEqualTo("MeterTest#inRangeValuesAreKept is an honest test, but the wrong fix says it breaks an attack");
    }

    @Test
    @DisplayName("a wrong fix that errors instead of failing by assertion")
    void wrongFixThatErrors() {
        assertThat(proveWrongFix(STUB, "MeterTest#negative", "attack")).extracting(Violation::what)
                .containsExactly("MeterTest › a negative reading drains the meter below zero errored on the wrong fix instead of "
                                + "failing by assertion (java.lang.UnsupportedOperationException: write me)",
                        "passes MeterTest#negative: the suite does not reject this wrong fix");
    }

    @Test
    @DisplayName("a wrong fix whose patch no longer applies to the solution")
    void staleWrongFix() {
        var fixture = FixtureKata.compile(dir, Map.of("Meter", VULNERABLE), Map.of("Meter", FIXED),
                Map.of("MeterTest", "class MeterTest {\n" + HONEST + ATTACK + "}\n"));
        var movedOn = FIXED.replace("public static int percent", "static public int percent");

        assertThatThrownBy(() -> fixture.proveWrongFix(dir.resolve("repo"), movedOn, FIXED, CLAMPS_ONLY_THE_TOP,
                header("MeterTest#negative", "attack")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("fixture › wrong fix mistake: the patch no longer applies to the solution");
    }
}
