package dev.rampart.learnerloop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The progress table as a learner gets it, from the terminal: {@code ./mvnw -q test -pl katas
 * -Dkata=all} prints the table last and next to nothing else, and ends well although attacks fall.
 * Two katas only ({@code -Dkata.only}), to keep the test short: security-headers, whose starter
 * logs a stack trace per malformed request (what used to flood the terminal before the table),
 * and secure-tokens. Offline: the build already fetched everything it needs.
 */
// A whole Maven build: the katas' 60 s limit is meant for one attack case, and a busy machine takes longer.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@DisplayName("The progress table")
class ProgressTableCommandTest {

    private static final Path ROOT = Path.of(System.getProperty("rampart.root", "..")).toAbsolutePath().normalize();
    private static final List<String> RUN = List.of("security-headers", "secure-tokens");

    @Test
    @DisplayName("-Dkata=all prints the table last, and next to nothing else")
    void isTheLastThingPrintedAndNearlyTheOnlyOne() throws IOException, InterruptedException {
        var mvnw = new ProcessBuilder(List.of(ROOT.resolve("mvnw").toString(), "-o", "-q", "test", "-pl", "katas", "-Dkata=all",
                "-Dkata.only=" + String.join(",", RUN)))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        mvnw.getOutputStream().close();
        var output = new String(mvnw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mvnw.waitFor(5, TimeUnit.MINUTES)).as("the build ends").isTrue();

        assertThat(mvnw.exitValue()).as("exit status, after:%n%s", output).isZero();
        var katas = Catalogue.read(ROOT.resolve("katas/README.md")).katas();
        var lines = output.strip().lines().toList();
        var table = lines.subList(lines.size() - katas.size() - 2, lines.size());
        assertThat(table.get(0)).as("the table's head, in:%n%s", output).startsWith("kata").contains("attacks blocked");
        assertThat(table.get(1)).matches("-+");
        for (var i = 0; i < katas.size(); i++) {
            Kata kata = katas.get(i);
            var row = table.get(i + 2);
            assertThat(row).as("the row of %s", kata.id()).startsWith(kata.id() + " ");
            if (RUN.contains(kata.id())) {
                assertThat(row).as("the row of %s", kata.id()).containsPattern(" \\d+ / [1-9]\\d* ").doesNotContain("not run");
            } else {
                assertThat(row).as("the row of %s", kata.id()).endsWith("not run");
            }
        }
        var before = lines.subList(0, lines.size() - table.size());
        assertThat(before).as("what comes before the table").hasSizeLessThanOrEqualTo(2)
                .allSatisfy(line -> assertThat(line).satisfiesAnyOf(
                        blank -> assertThat(blank).isBlank(),
                        where -> assertThat(where).startsWith("Running the attack suites; ").endsWith("katas/target/progress-table.log")));
        assertThat(output).as("no stack trace, no test-failure report")
                .doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                .doesNotContain("[ERROR]", "There are test failures");
        assertThat(ROOT.resolve("katas/target/progress-table.log")).content().as("the suites' output and every case")
                .contains("FELL   security-headers › ").contains("WARN io.javalin");
    }
}
