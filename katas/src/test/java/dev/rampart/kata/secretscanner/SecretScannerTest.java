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

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-encoded.txt")
    void base64ThatHoldsNoSecretIsNotASecret(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @ParameterizedTest
    @PayloadFile("secret-scanner/legitimate-skipped-places.txt")
    void filesGitNeverCommitsAreNotReported(String path, String content) {
        assertCleanAfterPlanting(path, content);
    }

    @Test
    void aLinkToAFileOutsideTheRepositoryIsNotFollowed() throws IOException {
        // git commits the link, not what it points to: ~/.aws/credentials linked in for convenience.
        var outside = Files.writeString(repo.resolveSibling(repo.getFileName() + "-home-credentials"),
                "[default]\naws_access_key_id = AKIA" + randomBase32(16) + "\n");
        try {
            Files.createSymbolicLink(repo.resolve("credentials"), outside);

            assertThat(scan(Baseline.empty())).as("the scanner read through a link to a file outside the repository").isEmpty();
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    void aSecretFoundByTwoRulesIsReportedOnce() {
        // A quoted value: the properties parser and the text rules both find it, on the same line.
        plant("src/main/resources/application.properties", "spring.datasource.password=\"Vb8nQ2wE5rT7\"");

        assertThat(scan(Baseline.empty())).hasSize(1);
    }

    @Test
    void findingsComeInFileAndLineOrder() {
        plant("src/main/resources/b.properties", "db.password=Vb8nQ2wE5rT7\nmail.password=Hk3Lm9Pq2Rs6Tv8W");
        plant("src/main/resources/a.properties", "db.password=Hk3Lm9Pq2Rs6Tv8W");

        assertThat(scan(Baseline.empty()))
                .extracting(f -> f.file().toString().replace('\\', '/') + ":" + f.line())
                .containsExactly("src/main/resources/a.properties:1", "src/main/resources/b.properties:1",
                        "src/main/resources/b.properties:2");
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

    @AttackFamily("a secret is committed Base64-encoded, where the rules for its plain form do not look")
    @PayloadFile("secret-scanner/encoded-secrets.txt")
    void encodedSecrets(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @AttackFamily("a secret is commented out instead of removed")
    @PayloadFile("secret-scanner/commented-out-secrets.txt")
    void commentedOutSecrets(String path, String content, String line) {
        plantAndAssertFound(path, content, line);
    }

    @Attack("a key inside a database dump of a few megabytes goes unread")
    void largeFilesAreRead() {
        var dump = new StringBuilder("-- pg_dump of the shop database\n");
        for (int i = 1; i <= 60_000; i++) {
            dump.append("INSERT INTO orders (id, status) VALUES (").append(i).append(", 'shipped');\n");
        }
        var line = dump.toString().split("\n", -1).length;
        dump.append("INSERT INTO api_keys (name, key_id) VALUES ('deploy', 'AKIA").append(randomBase32(16)).append("');\n");
        plant("db/seed.sql", dump.toString());

        assertFoundAt("db/seed.sql", line, "(a " + dump.length() / 1024 + " KiB dump, the key on line " + line + ")\n");
    }

    @Attack("a private registry's token rides in a lock file's resolved URL, and lock files are skipped")
    void lockFilesAreRead() {
        var token = Leaks.randomSecret(24);
        var lock = """
                {
                  "name": "shop-frontend",
                  "lockfileVersion": 3,
                  "packages": {
                    "node_modules/@shop/ui": {
                      "version": "4.2.0",
                      "resolved": "https://ci-bot:%s@npm.shop.example/@shop/ui/-/ui-4.2.0.tgz",
                      "integrity": "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQ9o1gQdS1rJs4T7V9rUyx3C4ZqGG2Yw7I9Q9VUAHQH1jzXw=="
                    }
                  }
                }""".formatted(token);

        plantAndAssertFound("frontend/package-lock.json", lock, "7");
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

    @Attack("a new key in a baselined file, or a baselined password copied elsewhere, is hidden by the baseline")
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

        // The same password baselined in a test fixture, then copied into production configuration.
        var testPassword = Leaks.randomSecret(16);
        plant("src/test/resources/application-test.properties", "spring.datasource.password=" + testPassword);
        var withTheFixture = Baseline.of(scan(Baseline.empty()));
        plant("src/main/resources/application.properties", "spring.datasource.password=" + testPassword);

        assertThat(scan(withTheFixture))
                .as("the test database's password, accepted in src/test, was copied into src/main and the baseline hid it "
                        + "there too: an entry accepts a secret in one file, not the secret everywhere")
                .anyMatch(f -> f.file().equals(Path.of("src/main/resources/application.properties")));
    }

    @Attack("a real key put on the line of a baselined example is hidden by the baseline")
    void theBaselineAcceptsTheSecretNotItsLine() {
        var fixture = plantFixture();
        var baseline = Baseline.of(scan(Baseline.empty()));
        var realKey = "AKIA" + randomBase32(16);
        rewrite(fixture, read(fixture).replace("AKIAIOSFODNN7EXAMPLE", realKey));

        assertThat(scan(baseline))
                .as("%s replaced the baselined example key on the same line of %s, and the scanner stayed quiet: a baseline "
                        + "entry must name the secret (its fingerprint), not the line or the rule that found it", realKey, fixture)
                .anyMatch(f -> f.file().equals(repo.relativize(fixture)) && f.line() == 2);
    }

    @Attack("the scanner's report prints each secret it found into the CI log, whole or in part")
    void theReportDoesNotRepeatTheSecret() {
        var password = Leaks.randomSecret(24);
        var config = "src/main/resources/application.properties";
        plant(config, "spring.datasource.username=shop\nspring.datasource.password=" + password + "\n");

        var findings = scan(Baseline.empty());
        var report = String.valueOf(findings);
        var leak = Leaks.measure(password, report);

        assertThat(findings).as("the password must be found at all").isNotEmpty();
        assertThat(leak.telling())
                .as("the report, which CI prints for everyone with access to the build, gave away %d characters of the "
                        + "password (%s): %s; show a fingerprint and a hint, never the secret", leak.length(), leak.form(), report)
                .isFalse();

        // The same file with a password that differs in every character: what the reviewer reads must not change.
        var other = differentEverywhere(password);
        rewrite(repo.resolve(config), "spring.datasource.username=shop\nspring.datasource.password=" + other + "\n");
        var shown = findings.stream().map(Finding::evidence).toList();
        var shownForOther = scan(Baseline.empty()).stream().map(Finding::evidence).toList();

        assertThat(shownForOther)
                .as("the evidence changes with the password (%s for %s, %s for %s): it shows part of the secret, and reports "
                        + "masked differently add up; show its length, and let the fingerprint tell secrets apart",
                        shown, password, shownForOther, other)
                .isEqualTo(shown);
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

    /** A secret of the same length that differs from {@code secret} in every letter and digit. */
    private static String differentEverywhere(String secret) {
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var out = new StringBuilder();
        secret.chars().forEach(c -> out.append(alphabet.indexOf(c) < 0 ? (char) c : alphabet.charAt((alphabet.indexOf(c) + 1) % alphabet.length())));
        return out.toString();
    }

    private static String randomBase32(int length) {
        var out = new StringBuilder(length);
        RANDOM.ints(length, 0, BASE32.length()).forEach(i -> out.append(BASE32.charAt(i)));
        return out.toString();
    }
}
