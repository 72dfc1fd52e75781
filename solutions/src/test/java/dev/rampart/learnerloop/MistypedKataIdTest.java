package dev.rampart.learnerloop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The learner's loop as a newcomer types it: a mistyped kata id ends the build with one
 * message, the closest id and the list, as the last lines of the terminal, and no stack trace.
 * Runs the real command (offline: the build already fetched everything it needs).
 */
// A whole Maven build: the katas' 60 s limit is meant for one attack case, and a busy machine takes longer.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@DisplayName("A mistyped kata id")
class MistypedKataIdTest {

    private static final Path ROOT = Path.of(System.getProperty("rampart.root", "..")).toAbsolutePath().normalize();

    @ParameterizedTest(name = "-Dkata={0} says so in the terminal")
    @CsvSource(delimiter = '|', value = {
            "sql_injection | Unknown kata 'sql_injection': did you mean sql-injection?",
            "no-such-kata  | Unknown kata 'no-such-kata'."})
    void endsTheBuildWithTheMessage(String id, String message) throws IOException, InterruptedException {
        var mvnw = new ProcessBuilder(List.of(ROOT.resolve("mvnw").toString(), "-o", "test", "-pl", "katas", "-Dkata=" + id))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        mvnw.getOutputStream().close();
        var output = new String(mvnw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mvnw.waitFor(5, TimeUnit.MINUTES)).as("the build ends").isTrue();

        var lines = output.strip().lines().toList();
        assertThat(mvnw.exitValue()).as("exit status, after:%n%s", output).isNotZero();
        assertThat(lines.subList(lines.size() - 2, lines.size())).as("the last lines, after:%n%s", output)
                .satisfiesExactly(
                        first -> assertThat(first).isEqualTo(message),
                        last -> assertThat(last).startsWith("Known katas: hardcoded-secrets, ").endsWith(" (or all)"));
        assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at [\\w.$]+\\(")
                .doesNotContain("ServiceConfigurationError", "dump");
    }
}
