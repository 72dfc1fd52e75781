package dev.rampart.kata.dotenvhygiene;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads a {@code .env} file for local development, so developers need not export every
 * variable by hand.
 *
 * <p>Parsing is dotenv-java's (the maintained Java port of the dotenv format): a double-quoted
 * value may span lines, so whatever it holds stays one value. Three rules keep the file from
 * becoming a way in:
 * <ul>
 *   <li>the real environment wins: the file only fills in what the process does not set, so a
 *       stray {@code .env} cannot override a production secret or {@code PATH};</li>
 *   <li>values are literal: no {@code ${NAME}} expansion, so a file from someone else's
 *       repository cannot copy a real token into a value it controls;</li>
 *   <li>a malformed file is refused without quoting the line (it may hold a secret).</li>
 * </ul>
 * Not for production: there, the platform sets the environment and no file is read. dotenv-java
 * keeps single quotes as part of the value and does not read {@code export NAME=value} lines:
 * use {@code NAME="value"}.
 */
public final class DotEnvLoader {

    private DotEnvLoader() {
    }

    /**
     * The environment a local run sees: the process environment, plus the variables
     * {@code envFile} declares that the process does not set. A missing file is not an error
     * (CI and production have none).
     *
     * @throws IllegalArgumentException when the file is malformed (the message names the file, never its content)
     */
    public static Map<String, String> load(Path envFile, Map<String, String> processEnvironment) {
        var environment = new HashMap<String, String>();
        if (Files.isRegularFile(envFile)) {
            var directory = envFile.toAbsolutePath().getParent();
            Dotenv dotenv;
            try {
                dotenv = Dotenv.configure()
                        .directory(directory.toString())
                        .filename(envFile.getFileName().toString())
                        .load();
            } catch (DotenvException e) {
                // dotenv-java's message quotes the offending line, secret and all: keep it out
                // of logs by not chaining it.
                throw new IllegalArgumentException(envFile + " has a malformed line (expected NAME=value, "
                        + "NAME=\"value\" or a # comment); fix it by hand, the line is not shown because it may hold a secret");
            }
            // Only what the file itself declares: Dotenv#entries() would mix in System.getenv().
            dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE).forEach(e -> environment.put(e.getKey(), e.getValue()));
        }
        environment.putAll(processEnvironment);
        return Map.copyOf(environment);
    }
}
