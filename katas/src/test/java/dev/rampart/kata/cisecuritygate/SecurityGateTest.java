package dev.rampart.kata.cisecuritygate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The CI gate between a dependency scan and a release, at the usual bar: CVSS 7.0 and above
 * (High and Critical) stops the build. Today is 2026-11-23.
 *
 * <p>Every case writes the scan report and the team's suppressions as files, runs the gate and
 * reads its verdict. An attack wins when the build passes with a blocking finding in it: because
 * the report was unreadable, the severity unknown or understated, the vector malformed, or a
 * suppression stale, unexplained or too broad. The standing finding is Log4Shell
 * (CVE-2021-44228 in log4j-core 2.14.1, CVSS 10.0).
 *
 * <p>Finding payloads are one JSON object per line (the report wraps it); report payloads are the
 * whole report file; suppression payloads are one entry of {@code suppressions}.
 *
 * <p>Left out: scoring CVSS v2 and v4 vectors (the report format carries v3.x; the solution
 * refuses others as unreadable, which is the fail-closed answer, and a case checks that a label
 * beside them does not stand in for them); EPSS or KEV-based prioritisation (a
 * policy choice, not a parsing flaw); a gate step the pipeline marks {@code continue-on-error}
 * (that lives in the CI file, which the gate cannot see: the OWASP CI/CD cheat sheet's point
 * about pipeline configuration); signatures on the report (the scanner runs in the same job).
 */
class SecurityGateTest {

    private static final double THRESHOLD = 7.0;
    private static final String LOG4SHELL = """
            {"id": "CVE-2021-44228", "package": "org.apache.logging.log4j:log4j-core", "version": "2.14.1",
             "severity": "CRITICAL", "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}""";

    private final TestClock clock = TestClock.at(Instant.parse("2026-11-23T10:00:00Z"));

    @TempDir
    Path dir;

    // ---- honest use -------------------------------------------------------------------------

    @Test
    void aCriticalFindingStopsTheBuildAndIsNamed() {
        var verdict = evaluate(findings(LOG4SHELL), none());

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.blockers()).singleElement().satisfies(b -> {
            assertThat(b.id()).isEqualTo("CVE-2021-44228");
            assertThat(b.packageName()).isEqualTo("org.apache.logging.log4j:log4j-core");
            assertThat(b.score()).isEqualTo(10.0);
        });
    }

    @ParameterizedTest
    @PayloadFile("ci-security-gate/legitimate-reports.txt")
    void reportsWithNothingAtTheBarPass(String report) {
        var verdict = evaluate(file("findings.json", report), none());

        assertThat(verdict.passed()).as("a clean report stopped the build: %s", verdict).isTrue();
    }

    @ParameterizedTest
    @PayloadFile("ci-security-gate/cvss-scores.txt")
    void vectorsAreScoredAsTheSpecificationExamplesSay(String vector, String score, String example) {
        var expected = Double.parseDouble(score);
        var verdict = evaluate(findings("{\"id\": \"CVE-0000-0001\", \"package\": \"com.example:lib\", \"version\": \"1.0\", \"cvss\": \"" + vector + "\"}"), none());

        if (expected >= THRESHOLD) {
            assertThat(verdict.blockers()).as("%s scores %s", example, score).singleElement()
                    .extracting(Blocker::score).isEqualTo(expected);
        } else {
            assertThat(verdict.passed()).as("%s scores %s, under the bar", example, score).isTrue();
        }
    }

    @ParameterizedTest
    @PayloadFile("ci-security-gate/legitimate-suppressions.txt")
    void aReviewedDatedSuppressionLetsTheBuildThrough(String suppression) {
        var verdict = evaluate(findings(LOG4SHELL), suppressions(suppression));

        assertThat(verdict.passed()).as("the suppression %s is exact, explained and dated: %s", suppression, verdict).isTrue();
    }

    @ParameterizedTest
    @PayloadFile("ci-security-gate/legitimate-other-findings.txt")
    void aSuppressionForAnotherFindingLeavesLog4ShellBlocking(String suppression) {
        var verdict = evaluate(findings(LOG4SHELL), suppressions(suppression));

        assertThat(verdict.blockers())
                .as("the suppression %s is about another finding, yet it silenced Log4Shell: match the id and the package "
                        + "exactly, both of them", suppression)
                .anyMatch(b -> b.id().equals("CVE-2021-44228"));
    }

    @Test
    void aSuppressionForOneFindingLeavesTheOthersBlocking() {
        var snakeyaml = """
                {"id": "CVE-2022-1471", "package": "org.yaml:snakeyaml", "version": "1.33",
                 "severity": "HIGH", "cvss": "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:L"}""";
        var verdict = evaluate(findings(LOG4SHELL, snakeyaml), suppressions("""
                {"id": "CVE-2022-1471", "package": "org.yaml:snakeyaml",
                 "reason": "config is ours and loaded with SafeConstructor", "expires": "2026-12-31"}"""));

        assertThat(verdict.blockers()).extracting(Blocker::id).containsExactly("CVE-2021-44228");
    }

    // ---- attacks: the report ----------------------------------------------------------------

    @Attack("deletes the scan report, so the gate has nothing to read")
    void missingReport() {
        var verdict = evaluate(dir.resolve("target/findings.json"), none());

        assertThat(verdict.passed())
                .as("the scanner never wrote a report and the gate passed the build: no report is not a clean report")
                .isFalse();
    }

    @AttackFamily("hands the gate a report it cannot read")
    @PayloadFile("ci-security-gate/malformed-reports.txt")
    void malformedReports(String what, String report) {
        var verdict = evaluate(file("findings.json", report), none());

        assertThat(verdict.passed())
                .as("the report was %s and the build passed; a gate fails closed on what it cannot read", what)
                .isFalse();
    }

    @AttackFamily("repeats a key in the suppressions file so the gate reads the copy that silences Log4Shell")
    @PayloadFile("ci-security-gate/duplicate-suppression-keys.txt")
    void duplicateSuppressionKeys(String file) {
        var verdict = evaluate(findings(LOG4SHELL), file("suppressions.json", file));

        assertThat(verdict.passed())
                .as("the suppressions file holds a key twice and Log4Shell shipped; parsers disagree on which copy wins, "
                        + "so refuse the file, and the build with it")
                .isFalse();
    }

    @AttackFamily("configures the gate with a threshold no score can reach")
    @PayloadFile("ci-security-gate/unreachable-thresholds.txt")
    void unreachableThresholds(String threshold) {
        SecurityGate gate;
        try {
            gate = new SecurityGate(Double.parseDouble(threshold), clock);
        } catch (IllegalArgumentException refused) {
            return; // a gate that refuses a threshold it cannot apply stops the pipeline: that is failing closed
        }

        var verdict = gate.evaluate(findings(LOG4SHELL), none());

        assertThat(verdict.passed())
                .as("the gate took %s as its threshold, which no CVSS score (0.0 to 10.0) reaches, and passed Log4Shell; "
                        + "refuse a threshold outside the scale", threshold)
                .isFalse();
    }

    @AttackFamily("repeats a key so the gate reads the harmless copy")
    @PayloadFile("ci-security-gate/duplicate-keys.txt")
    void duplicateKeys(String report) {
        var verdict = evaluate(file("findings.json", report), none());

        assertThat(verdict.passed())
                .as("the report holds a key twice, one copy saying Log4Shell, and the build passed; parsers disagree "
                        + "on which copy wins, so refuse the report")
                .isFalse();
    }

    // ---- attacks: severity ------------------------------------------------------------------

    @AttackFamily("labels a finding with a severity the gate does not know")
    @PayloadFile("ci-security-gate/unknown-severities.txt")
    void unknownSeverities(String finding) {
        var verdict = evaluate(findings(finding), none());

        assertThat(verdict.passed())
                .as("the finding's severity is none of NONE, LOW, MEDIUM, HIGH, CRITICAL and there is no vector, "
                        + "and the build passed; unknown is not low")
                .isFalse();
    }

    @AttackFamily("labels a 9.8 finding Low or Medium")
    @PayloadFile("ci-security-gate/mislabelled-findings.txt")
    void mislabelledFindings(String finding) {
        var verdict = evaluate(findings(finding), none());

        assertThat(verdict.passed())
                .as("the vector scores at or above %s but the label said otherwise, and the build passed; "
                        + "judge by the score, labels come from whichever database the scanner asked", THRESHOLD)
                .isFalse();
    }

    @AttackFamily("brings a finding that scores exactly the gate's threshold")
    @PayloadFile("ci-security-gate/scores-at-the-bar.txt")
    void scoresAtTheBar(String threshold, String finding) {
        var bar = Double.parseDouble(threshold);

        var verdict = new SecurityGate(bar, clock).evaluate(findings(finding), none());

        assertThat(verdict.passed())
                .as("the finding scores exactly %s, the gate's threshold, and the build passed; the threshold is the score "
                        + "at and above which a finding stops the build (>=, not >), as each CVSS band starts at its lower bound",
                        threshold)
                .isFalse();
    }

    @AttackFamily("backs a vector the gate cannot read with a Low label")
    @PayloadFile("ci-security-gate/unreadable-vectors-with-labels.txt")
    void unreadableVectorsWithLabels(String finding) {
        var verdict = evaluate(findings(finding), none());

        assertThat(verdict.passed())
                .as("the finding's vector is not a CVSS v3 vector the gate can score, and the build passed on the label "
                        + "beside it; the label is what the vector was there to check, so a vector that does not parse blocks")
                .isFalse();
    }

    @AttackFamily("gives a CVSS vector a lenient parser scores low")
    @PayloadFile("ci-security-gate/malformed-vectors.txt")
    void malformedVectors(String finding) {
        var verdict = evaluate(findings(finding), none());

        assertThat(verdict.passed())
                .as("the vector breaks the CVSS v3.1 grammar (a metric twice, one missing, unknown or without a value, "
                        + "a bad value or prefix) "
                        + "and the build passed; parse it strictly, and block on what does not parse")
                .isFalse();
    }

    // ---- attacks: suppressions --------------------------------------------------------------

    @AttackFamily("suppresses Log4Shell with a suppression that has expired")
    @PayloadFile("ci-security-gate/expired-suppressions.txt")
    void expiredSuppressions(String suppression) {
        assertRefusedAndNoted(suppression, "it expired; a suppression stops applying on its date");
    }

    @AttackFamily("suppresses Log4Shell without saying why")
    @PayloadFile("ci-security-gate/reasonless-suppressions.txt")
    void reasonlessSuppressions(String suppression) {
        assertRefusedAndNoted(suppression, "it gives no reason a reviewer could read");
    }

    @AttackFamily("suppresses Log4Shell with no usable expiry date")
    @PayloadFile("ci-security-gate/undated-suppressions.txt")
    void undatedSuppressions(String suppression) {
        assertRefusedAndNoted(suppression, "it has no date it stops applying");
    }

    @AttackFamily("suppresses Log4Shell until a date years away")
    @PayloadFile("ci-security-gate/long-suppressions.txt")
    void longSuppressions(String suppression) {
        assertRefusedAndNoted(suppression, "it runs more than 90 days ahead, which makes it permanent in practice");
    }

    @AttackFamily("suppresses findings by a pattern or without naming the package")
    @PayloadFile("ci-security-gate/broad-suppressions.txt")
    void broadSuppressions(String suppression) {
        assertLog4ShellStillBlocks(suppression, "it matches by pattern or for every package; name one id in one package");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private void assertLog4ShellStillBlocks(String suppression, String why) {
        var verdict = evaluate(findings(LOG4SHELL), suppressions(suppression));

        assertThat(verdict.blockers())
                .as("Log4Shell shipped: the gate honoured %s, though %s", suppression, why)
                .anyMatch(b -> b.id().equals("CVE-2021-44228"));
        assertThat(verdict.passed()).isFalse();
    }

    /** Log4Shell still blocks, and the notes say which suppression was refused, so the team learns why it did nothing. */
    private void assertRefusedAndNoted(String suppression, String why) {
        assertLog4ShellStillBlocks(suppression, why);
        var verdict = evaluate(findings(LOG4SHELL), suppressions(suppression));
        assertThat(verdict.notes())
                .as("the gate refused %s (%s) but its notes do not name it; say which suppression was refused and why",
                        suppression, why)
                .anyMatch(note -> note.contains("CVE-2021-44228"));
    }

    private Verdict evaluate(Path report, Path suppressions) {
        return new SecurityGate(THRESHOLD, clock).evaluate(report, suppressions);
    }

    private Path findings(String... findings) {
        return file("findings.json", "{\"findings\": [" + String.join(", ", findings) + "]}");
    }

    private Path suppressions(String... entries) {
        return file("suppressions.json", "{\"suppressions\": [" + String.join(", ", entries) + "]}");
    }

    private Path none() {
        return dir.resolve("security/suppressions.json");
    }

    private Path file(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
