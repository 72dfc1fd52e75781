package dev.rampart.kata.dotenvhygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class DotEnvLoaderTest {

    private static final Map<String, String> PROCESS = Map.of("HOME", "/home/dev", "USER", "dev");

    @TempDir
    Path project;

    // --- honest use -------------------------------------------------------------------------

    @Test
    void withoutAFileTheProcessEnvironmentIsAllThereIs() {
        assertThat(DotEnvLoader.load(project.resolve(".env"), PROCESS)).isEqualTo(PROCESS);
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/legitimate-dotenv-lines.txt")
    void ordinaryLinesLoadAsWritten(String line, String name, String expected) throws IOException {
        var loaded = DotEnvLoader.load(envFile("# local settings\n\n" + line + "\n"), PROCESS);

        assertThat(loaded).containsEntry(name, expected).containsAllEntriesOf(PROCESS);
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/local-only-variables.txt")
    void theFileFillsInWhatTheProcessDoesNotSet(String name, String value) throws IOException {
        var loaded = DotEnvLoader.load(envFile(name + "=" + value + "\n"), PROCESS);

        assertThat(loaded).containsEntry(name, value);
    }

    @ParameterizedTest
    @PayloadFile("dotenv-hygiene/literal-dollar-values.txt")
    void dollarSignsStayAsWritten(String line, String name, String expected) throws IOException {
        var loaded = DotEnvLoader.load(envFile(line + "\n"), PROCESS);

        assertThat(loaded).containsEntry(name, expected);
    }

    // --- attacks ----------------------------------------------------------------------------

    @AttackFamily("a .env file overrides a variable the real environment sets, or a JVM system property")
    @PayloadFile("dotenv-hygiene/overridden-variables.txt")
    void theRealEnvironmentWins(String name, String fileValue) throws IOException {
        var real = "real-" + Leaks.randomSecret(16);
        var process = Map.of(name, real, "HOME", "/home/dev");
        var propertiesBefore = copy(System.getProperties());

        Map<String, String> loaded;
        Map<Object, Object> propertiesAfter;
        try {
            loaded = DotEnvLoader.load(envFile(name + "=" + fileValue + "\n"), process);
        } finally {
            propertiesAfter = copy(System.getProperties());
            System.setProperties(restored(propertiesBefore));
        }

        assertThat(loaded.get(name))
                .as("the .env file replaced %s=%s (set by the platform) with \"%s\": a file must only fill in what the "
                        + "environment leaves unset", name, real, loaded.get(name))
                .isEqualTo(real);
        assertThat(propertiesAfter)
                .as("loading the .env file changed the JVM's system properties, which every library in the process reads "
                        + "(proxies, trust stores): the loader must only return a map")
                .isEqualTo(propertiesBefore);
    }

    @AttackFamily("a .env value expands ${...} and copies a real secret into a value its author controls")
    @PayloadFile("dotenv-hygiene/interpolated-secrets.txt")
    void valuesAreNotExpanded(String line) throws IOException {
        var process = Map.of(
                "GITHUB_TOKEN", Leaks.randomSecret(36),
                "AWS_SECRET_ACCESS_KEY", Leaks.randomSecret(40),
                "DATABASE_PASSWORD", Leaks.randomSecret(24));

        var loaded = DotEnvLoader.load(envFile(line + "\n"), process);
        var fromTheFile = loaded.entrySet().stream()
                .filter(e -> !process.containsKey(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));

        process.forEach((name, secret) -> {
            var leak = Leaks.measure(secret, fromTheFile);
            assertThat(leak.telling())
                    .as("the file's values now hold %d characters of %s (%s), ready to be sent wherever the file's author "
                            + "points them: %s; load values literally", leak.length(), name, leak.form(), fromTheFile)
                    .isFalse();
        });
    }

    @AttackFamily("a double-quoted multi-line value smuggles in a variable of its own")
    @PayloadFile("dotenv-hygiene/smuggled-lines.txt")
    void multiLineValuesStayOneValue(String name, String value, String smuggled) throws IOException {
        var loaded = DotEnvLoader.load(envFile(name + "=\"" + value + "\"\nAPP_PORT=8080\n"), PROCESS);

        assertThat(loaded)
                .as("%s=\"...\" spans several lines and one of them, read as a line of its own, set %s=%s", name, smuggled,
                        loaded.get(smuggled))
                .doesNotContainKey(smuggled);
        assertThat(loaded.get(name)).as("the multi-line value must load whole").isEqualTo(value);
    }

    @AttackFamily("a malformed line in .env puts the secret written on it into the start-up error")
    @PayloadFile("dotenv-hygiene/malformed-lines.txt")
    void malformedLinesAreNotQuoted(String template) throws IOException {
        var secret = Leaks.randomSecret(32);
        var file = envFile("# local settings\nDB_HOST=localhost\n" + template.replace("{secret}", secret) + "\n");

        var error = Optional.ofNullable(catchThrowable(() -> DotEnvLoader.load(file, PROCESS)));
        var shown = error.map(DotEnvLoaderTest::fullText).orElse("");
        var leak = Leaks.measure(secret, shown);

        assertThat(leak.telling())
                .as("the error gave away %d characters of the secret on the malformed line (%s): \"%s\"; the error lands in "
                        + "logs and CI output, so name the file and what is wrong, never the line, its cause's message included",
                        leak.length(), leak.form(), shown)
                .isFalse();
    }

    /** What an exception shows wherever it is printed: its type and message, and its causes'. */
    private static String fullText(Throwable error) {
        var parts = new java.util.ArrayList<String>();
        for (var t = error; t != null; t = t.getCause()) {
            parts.add(t.toString());
            for (var suppressed : t.getSuppressed()) {
                parts.add(suppressed.toString());
            }
        }
        return String.join(" / ", parts);
    }

    private static Map<Object, Object> copy(Properties properties) {
        return new TreeMap<>(Map.copyOf(properties));
    }

    private static Properties restored(Map<Object, Object> snapshot) {
        var properties = new Properties();
        properties.putAll(snapshot);
        return properties;
    }

    private Path envFile(String content) throws IOException {
        return Files.writeString(project.resolve(".env"), content);
    }
}
