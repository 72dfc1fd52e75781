package dev.rampart.kata.secretscanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class SecretScannerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @TempDir
    Path repo;

    // --- honest use: the obvious cases are found ------------------------------------------

    @ParameterizedTest
    @PayloadFile("secret-scanner/obvious-secrets.txt")
    void theObviousCasesAreFound(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    // --- honest use: no false alarms --------------------------------------------------------

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-cloud-lookalikes.txt")
    void cloudIdentifiersAndPlaceholdersAreNotSecrets(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-key-material.txt")
    void publicKeysAndCertificatesAreNotSecrets(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-jwt-lookalikes.txt")
    void dottedStringsThatAreNotTokensAreNotSecrets(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-database-urls.txt")
    void connectionStringsWithoutAPasswordAreNotSecrets(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-concatenations.txt")
    void ordinaryConcatenationIsNotASecret(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-config.txt")
    void configurationThatOnlyNamesSecretsIsClean(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-high-entropy.txt")
    void lockFileHashesUuidsAndChecksumsAreNotSecrets(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    // --- honest use: the baseline -----------------------------------------------------------

    @Test
    void aTestFixtureInTheBaselineIsNotReported() {
        plantFixture();
        var baseline = Baseline.of(scan(Baseline.empty()));

        assertThat(scan(baseline)).isEmpty();
    }

    @Test
    void theBaselineSurvivesEditsAboveTheFixture() {
        var fixture = plantFixture();
        var baseline = Baseline.of(scan(Baseline.empty()));
        rewrite(fixture, "// Fixtures for the S3 client tests.\n// The key below is AWS's documented example.\n" + read(fixture));

        assertThat(scan(baseline)).isEmpty();
    }

    @Test
    void aBaselineKeptInTheRepositoryReadsBackTheSame() {
        plantFixture();
        var file = repo.resolve(".secrets-baseline.json");
        Baseline.of(scan(Baseline.empty())).write(file);

        assertThat(scan(Baseline.read(file))).as("the baseline file itself must not be reported either").isEmpty();
    }

    // --- attacks ------------------------------------------------------------------------------

    @AttackFamily("a cloud access key is committed where the scanner does not look")
    @PayloadFile("secret-scanner/cloud-access-keys.txt")
    void cloudAccessKeys(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a private key block is committed as a file, in JSON or in code")
    @PayloadFile("secret-scanner/private-key-blocks.txt")
    void privateKeyBlocks(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a JSON Web Token is pasted into a request, a doc, a fixture or code")
    @PayloadFile("secret-scanner/jwts.txt")
    void jsonWebTokens(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a database password rides in a connection string")
    @PayloadFile("secret-scanner/database-urls.txt")
    void databaseUrls(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a secret split across string concatenation slips past a line-by-line scan")
    @PayloadFile("secret-scanner/split-strings.txt")
    void splitStrings(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a secret sits under a secret-named key in properties, YAML or JSON")
    @PayloadFile("secret-scanner/structured-config-secrets.txt")
    void structuredConfig(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a random token with no known format is committed")
    @PayloadFile("secret-scanner/high-entropy-strings.txt")
    void highEntropyStrings(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @Attack("a properties key spelled with a \\u escape (db.pass\\u0077ord) hides a password from a line regex")
    void unicodeEscapedPropertiesKey() {
        var path = "src/main/resources/db.properties";
        var content = "db.url=jdbc:postgresql://db.internal:5432/shop\ndb.pass\\u0077ord=" + Leaks.randomSecret(16) + "\n";

        plantAndAssertFound(path, content, "2");
    }

    @Attack("a real key added to a baselined test fixture is hidden by the baseline")
    void theBaselineAcceptsSecretsNotFiles() {
        var fixture = plantFixture();
        var baseline = Baseline.of(scan(Baseline.empty()));
        var realKey = "AKIA" + randomBase32(16);
        rewrite(fixture, read(fixture).replace("}\n", "    static final String PROD_KEY_ID = \"" + realKey + "\";\n}\n"));

        var findings = scan(baseline);

        assertThat(findings)
                .as("a new key (%s) went into %s after the team baselined the file's example key, and the scanner stayed quiet: "
                        + "a baseline entry must accept one secret, not a whole file", realKey, fixture)
                .anyMatch(f -> f.file().equals(repo.relativize(fixture)) && f.line() == 3);
    }

    @Attack("the scanner's report prints each secret it found into the CI log")
    void theReportDoesNotRepeatTheSecret() {
        var password = Leaks.randomSecret(24);
        plant("src/main/resources/application.properties", "spring.datasource.username=shop\nspring.datasource.password=" + password + "\n");

        var findings = scan(Baseline.empty());
        var report = String.valueOf(findings);
        var leak = Leaks.measure(password, report);

        assertThat(findings).as("the password must be found at all").isNotEmpty();
        assertThat(leak.telling())
                .as("the report, which CI prints for everyone with access to the build, gave away %d characters of the "
                        + "password (%s): %s; show a fingerprint and a hint, never the secret", leak.length(), leak.form(), report)
                .isFalse();
    }

    // --- helpers ------------------------------------------------------------------------------

    private List<Finding> scan(Baseline baseline) {
        return new SecretScanner(baseline).scan(repo);
    }

    private void plantAndAssertFound(String path, String content, String line) {
        var planted = plant(path, content);
        assertFoundAt(path, Integer.parseInt(line), planted);
    }

    private void assertFoundAt(String path, int line, String planted) {
        var findings = scan(Baseline.empty());

        assertThat(findings)
                .as("%s holds a secret on line %d and the scanner reported %s:%n%s%nread every text file, follow the "
                        + "file's own syntax, and look for the known formats as well as for random-looking values",
                        path, line, findings.isEmpty() ? "nothing" : findings, numbered(planted))
                .anyMatch(f -> f.file().equals(Path.of(path)) && f.line() == line);
    }

    private void assertCleanAfterPlanting(String path, String content) {
        var planted = plant(path, content);

        assertThat(scan(Baseline.empty())).as("a false alarm on%n%s", numbered(planted)).isEmpty();
    }

    /** Writes the file (with {body} filled by a fresh random Base64 line) and returns what was written. */
    private String plant(String path, String content) {
        var text = content.replace("{body}", randomBase64(48)) + "\n";
        var file = repo.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text;
    }

    /** A test fixture holding AWS's documented example key on line 2. */
    private Path plantFixture() {
        plant("src/test/java/shop/S3ClientFixtures.java",
                "class S3ClientFixtures {\n    static final String EXAMPLE_KEY_ID = \"AKIAIOSFODNN7EXAMPLE\";\n}");
        return repo.resolve("src/test/java/shop/S3ClientFixtures.java");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String numbered(String text) {
        var lines = text.split("\n", -1);
        var out = new StringBuilder();
        for (int i = 0; i < lines.length - 1 || i == 0; i++) {
            out.append(String.format("%4d | %s%n", i + 1, lines[i]));
        }
        return out.toString();
    }

    private static String randomBase64(int bytes) {
        var raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static String randomBase32(int length) {
        var out = new StringBuilder(length);
        RANDOM.ints(length, 0, BASE32.length()).forEach(i -> out.append(BASE32.charAt(i)));
        return out.toString();
    }
}
