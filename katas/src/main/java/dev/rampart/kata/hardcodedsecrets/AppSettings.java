package dev.rampart.kata.hardcodedsecrets;

import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The application's settings, read once at start-up from the environment.
 *
 * @param databaseUrl      JDBC URL of the application database ({@code APP_DB_URL})
 * @param databaseUser     database user ({@code APP_DB_USER}, default {@code app})
 * @param databasePassword database password ({@code APP_DB_PASSWORD})
 * @param paymentApiKey    key for the payment provider's API ({@code APP_PAYMENT_API_KEY})
 */
public record AppSettings(String databaseUrl, String databaseUser, String databasePassword, String paymentApiKey) {

    private static final Logger LOG = Logger.getLogger(AppSettings.class.getName());

    private static final String DEFAULT_DB_PASSWORD = "Rampart-Dev-2024!";
    private static final Pattern PAYMENT_KEY = Pattern.compile("rpk_(live|test)_[A-Za-z0-9]{24,}");

    /**
     * Reads the settings from an environment (in production {@code System.getenv()}).
     *
     * @throws MissingSettingException when a required variable is not set
     */
    public static AppSettings fromEnvironment(Map<String, String> environment) {
        var url = read(environment, "APP_DB_URL")
                .orElseThrow(() -> new MissingSettingException("APP_DB_URL", "APP_DB_URL is not set: point it at the application database"));
        var user = read(environment, "APP_DB_USER").orElse("app");
        var password = read(environment, "APP_DB_PASSWORD").orElse(DEFAULT_DB_PASSWORD);
        var apiKey = read(environment, "APP_PAYMENT_API_KEY")
                .orElseThrow(() -> new MissingSettingException("APP_PAYMENT_API_KEY", "APP_PAYMENT_API_KEY is not set: copy the key from the payment dashboard"));
        if (!PAYMENT_KEY.matcher(apiKey).matches()) {
            throw new IllegalStateException("APP_PAYMENT_API_KEY is not a valid payment key: " + apiKey);
        }
        var settings = new AppSettings(url, user, password, apiKey);
        LOG.info(() -> "Settings loaded for " + url + " as " + user);
        return settings;
    }

    private static Optional<String> read(Map<String, String> environment, String name) {
        var value = Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
        LOG.fine(() -> "Environment " + name + "=" + value.orElse("<unset>"));
        return value;
    }
}
