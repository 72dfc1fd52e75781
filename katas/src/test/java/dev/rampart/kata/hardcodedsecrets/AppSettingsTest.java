package dev.rampart.kata.hardcodedsecrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class AppSettingsTest {

    /** A word of a constant's name that says it holds a credential. */
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("(?i)(^|_)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|CREDENTIALS?|API_?KEY|PRIVATE_?KEY)(_|$)");

    /** Probes for the class-file reader's self-check: a constant field, and a long taking two pool slots. */
    static final long PROBE_TWO_SLOTS = 7_340_029_771_913L;
    static final String PROBE_API_TOKEN = "probe-constant-read-back-by-the-oracle";

    /** Kept strongly reachable so the settings stay off the console while the suite runs. */
    private static final Logger APP_SETTINGS_LOG = Logger.getLogger(AppSettings.class.getName());

    private static final String KEY_PREFIX = "rpk_live_";

    private final String password = Leaks.randomSecret(20);
    private final String apiKey = KEY_PREFIX + Leaks.randomSecret(28);

    @BeforeAll
    static void quietConsole() {
        APP_SETTINGS_LOG.setUseParentHandlers(false);
    }

    @AfterAll
    static void restoreConsole() {
        APP_SETTINGS_LOG.setUseParentHandlers(true);
    }

    // --- honest use -------------------------------------------------------------------------

    @Test
    void everySettingComesFromTheEnvironment() {
        var settings = AppSettings.fromEnvironment(environment());

        assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/shop");
        assertThat(settings.databaseUser()).isEqualTo("shop_app");
        assertThat(settings.databasePassword()).isEqualTo(password);
        assertThat(settings.paymentApiKey()).isEqualTo(apiKey);
    }

    @Test
    void theDatabaseUserDefaultsToApp() {
        var env = environment();
        env.remove("APP_DB_USER");

        assertThat(AppSettings.fromEnvironment(env).databaseUser()).isEqualTo("app");
    }

    @Test
    void aMissingDatabaseUrlStopsStartUpNamingTheVariable() {
        var env = environment();
        env.remove("APP_DB_URL");

        var missing = catchThrowableOfType(MissingSettingException.class, () -> AppSettings.fromEnvironment(env));

        assertThat(missing).as("start-up without APP_DB_URL must fail with a MissingSettingException").isNotNull();
        assertThat(missing.variable()).isEqualTo("APP_DB_URL");
    }

    @Test
    void aMissingPaymentKeyStopsStartUpNamingTheVariable() {
        var env = environment();
        env.remove("APP_PAYMENT_API_KEY");

        var missing = catchThrowableOfType(MissingSettingException.class, () -> AppSettings.fromEnvironment(env));

        assertThat(missing).as("start-up without APP_PAYMENT_API_KEY must fail with a MissingSettingException").isNotNull();
        assertThat(missing.variable()).isEqualTo("APP_PAYMENT_API_KEY");
    }

    @ParameterizedTest
    @PayloadFile("hardcoded-secrets/legitimate-passwords.txt")
    void unusualButRealPasswordsAreUsedAsGiven(String realPassword) {
        var env = environment();
        env.put("APP_DB_PASSWORD", realPassword);

        assertThat(AppSettings.fromEnvironment(env).databasePassword()).isEqualTo(realPassword);
    }

    @ParameterizedTest
    @PayloadFile("hardcoded-secrets/legitimate-api-keys.txt")
    void wellFormedPaymentKeysAreAccepted(String template) {
        var key = template.replace("{secret}", Leaks.randomSecret(28));
        var env = environment();
        env.put("APP_PAYMENT_API_KEY", key);

        assertThat(AppSettings.fromEnvironment(env).paymentApiKey()).isEqualTo(key);
    }

    @Test
    void aMalformedPaymentKeyStopsStartUp() {
        var env = environment();
        env.put("APP_PAYMENT_API_KEY", "rpk_live_" + Leaks.randomSecret(28) + " ");

        var error = catchThrowableOfType(IllegalStateException.class, () -> AppSettings.fromEnvironment(env));

        assertThat(error).as("a key with a space pasted after it must stop start-up, not reach the payment provider").isNotNull();
    }

    @ParameterizedTest
    @PayloadFile("hardcoded-secrets/legitimate-database-urls.txt")
    void toStringAndTheStartUpLogSayWhichDatabaseAndUser(String url, String location) {
        var env = environment();
        env.put("APP_DB_URL", url);
        var settings = AppSettings.fromEnvironment(env);
        var log = String.join("\n", captureLog(() -> AppSettings.fromEnvironment(env)));

        // Where the app connects and as whom is safe to show, and an operator needs it.
        var named = "(?<![\\w:])" + Pattern.quote(location);
        assertThat(settings.toString()).as("toString()").containsPattern(named).contains("shop_app");
        assertThat(log).as("the start-up log").containsPattern(named).contains("shop_app");
        assertThat(settings.databaseUrl()).as("the URL the driver gets").isEqualTo(url);
    }

    @ParameterizedTest
    @PayloadFile("hardcoded-secrets/other-driver-urls.txt")
    void everyUrlFormADriverAcceptsStartsTheApp(String url) {
        var env = environment();
        env.put("APP_DB_URL", url);

        var settings = AppSettings.fromEnvironment(env);

        assertThat(settings.databaseUrl()).isEqualTo(url);
        assertThat(settings.toString()).contains("shop_app");
    }

    @Test
    void theClassFileReaderSeesTheConstantsOfAClassItKnows() {
        var own = ClassConstants.of(AppSettingsTest.class);

        assertThat(own.constantFields()).containsEntry("PROBE_API_TOKEN", PROBE_API_TOKEN);
        assertThat(own.strings()).contains("jdbc:postgresql://db.internal:5432/shop");
    }

    // --- attacks ----------------------------------------------------------------------------

    @Attack("with APP_DB_PASSWORD unset, the app starts anyway on a password built into the code")
    void noDefaultPassword() {
        var env = environment();
        env.remove("APP_DB_PASSWORD");

        var startedWith = startedWithPassword(env);

        assertThat(startedWith)
                .as("the app started without APP_DB_PASSWORD and would log in with \"%s\", the same in every copy of the code: "
                        + "refuse to start and name the variable", startedWith.orElse(""))
                .isEmpty();
    }

    @AttackFamily("a blank or placeholder APP_DB_PASSWORD starts the app on a password anyone can guess")
    @PayloadFile("hardcoded-secrets/blank-or-placeholder-passwords.txt")
    void noBlankOrPlaceholderPassword(String value, String whatItIs) {
        var env = environment();
        env.put("APP_DB_PASSWORD", value);

        var startedWith = startedWithPassword(env);

        assertThat(startedWith)
                .as("APP_DB_PASSWORD=%s (%s) was taken as set, and the app would log in with %s: "
                        + "a blank value or an unfilled template is as good as missing", printable(value), whatItIs, printable(startedWith.orElse("")))
                .isEmpty();
    }

    @Attack("toString() prints the database password or the payment key, whole or in part")
    void toStringMasksSecrets() {
        Function<Map<String, String>, String> printed = env -> String.valueOf(AppSettings.fromEnvironment(env));

        assertNothingLeaks("toString() (what a debugger, a log line or an error page shows)", printed);
    }

    @AttackFamily("a payment key pasted with quotes, spaces or the wrong prefix is echoed in the start-up error")
    @PayloadFile("hardcoded-secrets/malformed-api-keys.txt")
    void errorsDoNotEchoTheKey(String template) {
        Function<String, Map<String, String>> startedWith = secret -> {
            var env = environment();
            env.put("APP_PAYMENT_API_KEY", template.replace("{secret}", secret));
            return env;
        };

        assertSecretStaysHidden("the start-up error, which lands in logs and crash reports,", "the key",
                Leaks.randomSecret(28), startedWith, AppSettingsTest::startUpError);
    }

    @Attack("with debug logging on, the log shows the database password or the payment key, whole or in part")
    void logsDoNotShowSecrets() {
        Function<Map<String, String>, String> logged = env -> String.join("\n", captureLog(() -> AppSettings.fromEnvironment(env)));

        assertNothingLeaks("the log at level ALL", logged);
    }

    @AttackFamily("a database URL that carries its own password shows it in toString() or the start-up log")
    @PayloadFile("hardcoded-secrets/database-urls-with-passwords.txt")
    void urlPasswordsStayHidden(String template, String whatItIs) {
        Function<String, Map<String, String>> startedWith = secret -> {
            var env = environment();
            env.put("APP_DB_URL", template.replace("{secret}", secret));
            return env;
        };

        assertSecretStaysHidden("toString() and the start-up log, for APP_DB_URL " + whatItIs + ",", "the password in the URL",
                Leaks.randomSecret(20), startedWith, AppSettingsTest::everythingShown);
    }

    @Attack("when start-up stops on a missing or malformed variable, the error or the log shows the secrets that were set")
    void failedStartUpsDoNotShowTheOtherSecrets() {
        Map<String, Consumer<Map<String, String>>> failures = new LinkedHashMap<>();
        failures.put("APP_DB_URL unset", env -> env.remove("APP_DB_URL"));
        failures.put("APP_DB_PASSWORD unset", env -> env.remove("APP_DB_PASSWORD"));
        failures.put("APP_DB_PASSWORD a placeholder", env -> env.put("APP_DB_PASSWORD", "${APP_DB_PASSWORD}"));
        failures.put("APP_PAYMENT_API_KEY unset", env -> env.remove("APP_PAYMENT_API_KEY"));
        failures.put("APP_PAYMENT_API_KEY malformed", env -> env.put("APP_PAYMENT_API_KEY", "pk_live_copied-from-the-wrong-page"));

        failures.forEach((failure, breakIt) -> {
            Function<Map<String, String>, Map<String, String>> broken = env -> {
                breakIt.accept(env);
                return env;
            };
            if (!failure.startsWith("APP_DB_PASSWORD")) {
                assertSecretStaysHidden("with " + failure + ", the error and the log", "the database password", password,
                        secret -> broken.apply(environment(secret, apiKey)), AppSettingsTest::everythingShown);
            }
            if (!failure.startsWith("APP_PAYMENT_API_KEY")) {
                assertSecretStaysHidden("with " + failure + ", the error and the log", "the payment key", apiKeyBody(),
                        secret -> broken.apply(environment(password, KEY_PREFIX + secret)), AppSettingsTest::everythingShown);
            }
        });
    }

    @Attack("the compiled AppSettings.class hands a credential to anyone holding the jar")
    void noCredentialInTheClassFile() {
        var env = environment();
        env.remove("APP_DB_PASSWORD");
        var fallbackPassword = startedWithPassword(env);
        var found = new ArrayList<String>();
        for (var type : List.of(AppSettings.class, MissingSettingException.class)) {
            var constants = ClassConstants.of(type);
            constants.constantFields().forEach((name, value) -> {
                if (CREDENTIAL_NAME.matcher(name).find()) {
                    found.add(type.getSimpleName() + "." + name + " = \"" + value + "\"");
                }
            });
            fallbackPassword.filter(constants.strings()::contains)
                    .ifPresent(fallback -> found.add("the fallback password \"" + fallback + "\" in " + type.getSimpleName() + ".class"));
        }

        assertThat(found)
                .as("javap -v (or unzip and strings) on the jar reads %s: a credential in the code ships with every build "
                        + "and cannot be rotated without a release; read it from the environment instead", found)
                .isEmpty();
    }

    // --- helpers ----------------------------------------------------------------------------

    private Map<String, String> environment() {
        return environment(password, apiKey);
    }

    private static Map<String, String> environment(String password, String apiKey) {
        var env = new HashMap<String, String>();
        env.put("APP_DB_URL", "jdbc:postgresql://db.internal:5432/shop");
        env.put("APP_DB_USER", "shop_app");
        env.put("APP_DB_PASSWORD", password);
        env.put("APP_PAYMENT_API_KEY", apiKey);
        return env;
    }

    private String apiKeyBody() {
        return apiKey.substring(KEY_PREFIX.length());
    }

    /** The password the app would log in with, or empty when it refused to start. */
    private static Optional<String> startedWithPassword(Map<String, String> env) {
        try {
            return Optional.of(AppSettings.fromEnvironment(env).databasePassword());
        } catch (MissingSettingException refused) {
            return Optional.empty();
        }
    }

    /** Neither secret of the honest environment shows in what {@code shown} makes of it. */
    private void assertNothingLeaks(String where, Function<Map<String, String>, String> shown) {
        assertSecretStaysHidden(where, "the database password", password, secret -> environment(secret, apiKey), shown);
        assertSecretStaysHidden(where, "the payment key", apiKeyBody(), secret -> environment(password, KEY_PREFIX + secret), shown);
    }

    /**
     * The oracle of every leak: the text must hold no telling run of the secret (raw, Base64 or
     * hex), and must not change at all when the secret does. The app runs twice, with the secret
     * and with one that differs from it in every character: a text that differs between the two
     * gives part of the secret away, however it was masked, truncated or hashed.
     */
    private static void assertSecretStaysHidden(String where, String what, String secret,
            Function<String, Map<String, String>> environmentWith, Function<Map<String, String>, String> shown) {
        var text = shown.apply(environmentWith.apply(secret));
        var leak = Leaks.measure(secret, text);
        assertThat(leak.telling())
                .as("%s gave away %d characters of %s (%s): \"%s\"; describe what is wrong with a value, never the value",
                        where, leak.length(), what, leak.form(), text)
                .isFalse();
        var other = twin(secret);
        var otherText = shown.apply(environmentWith.apply(other));
        assertThat(otherText)
                .as("%s changes with %s: with %s it reads \"%s\", with %s it reads \"%s\"; what changes with a secret gives "
                        + "part of it away (a mask that keeps the first or last characters, a hash): show a fixed mask",
                        where, what, secret, text, other, otherText)
                .isEqualTo(text);
    }

    /** A secret of the same length that differs from {@code secret} in every letter and digit. */
    private static String twin(String secret) {
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var out = new StringBuilder(secret.length());
        secret.chars().forEach(c -> {
            var at = alphabet.indexOf(c);
            out.append(at < 0 ? (char) c : alphabet.charAt((at + 1) % alphabet.length()));
        });
        return out.toString();
    }

    /** The start-up error's full text, or nothing when the app started. */
    private static String startUpError(Map<String, String> env) {
        try {
            AppSettings.fromEnvironment(env);
            return "";
        } catch (RuntimeException e) {
            return fullText(e);
        }
    }

    /** Everything a start-up leaves to be read: toString() of the settings or the error, then the log at level ALL. */
    private static String everythingShown(Map<String, String> env) {
        var result = new StringBuilder();
        var lines = captureLog(() -> {
            try {
                result.append(AppSettings.fromEnvironment(env));
            } catch (RuntimeException e) {
                result.append(fullText(e));
            }
        });
        lines.forEach(line -> result.append('\n').append(line));
        return result.toString();
    }

    /** Every log record of AppSettings's logger while {@code action} runs, formatted as a handler would. */
    private static List<String> captureLog(Runnable action) {
        var logger = Logger.getLogger(AppSettings.class.getName());
        var records = new ArrayList<LogRecord>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        var level = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            action.run();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
        }
        var formatter = new SimpleFormatter();
        return records.stream()
                .map(r -> formatter.formatMessage(r) + Optional.ofNullable(r.getThrown()).map(t -> " " + fullText(t)).orElse(""))
                .toList();
    }

    /** What an exception shows wherever it is printed: its type and message, its causes' and suppressed ones'. */
    private static String fullText(Throwable error) {
        var parts = new ArrayList<String>();
        for (var t = error; t != null; t = t.getCause()) {
            parts.add(t.toString());
            for (var suppressed : t.getSuppressed()) {
                parts.add(suppressed.toString());
            }
        }
        return String.join(" / ", parts);
    }

    private static String printable(String value) {
        return value.codePoints().mapToObj(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                ? "\\u%04X".formatted(c) : Character.toString(c)).collect(Collectors.joining("", "\"", "\""));
    }
}
