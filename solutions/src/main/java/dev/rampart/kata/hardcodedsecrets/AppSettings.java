package dev.rampart.kata.hardcodedsecrets;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The application's settings, read once at start-up from the environment.
 *
 * <p>Secrets come only from the environment: the class holds no credential of its own, so the
 * compiled class gives nothing away, and a deployment that forgot a secret stops at start-up
 * instead of running on a password everyone with the code knows. Secret values never reach a
 * string: not {@link #toString()}, not an exception message, not a log line.
 *
 * @param databaseUrl      JDBC URL of the application database ({@code APP_DB_URL})
 * @param databaseUser     database user ({@code APP_DB_USER}, default {@code app})
 * @param databasePassword database password ({@code APP_DB_PASSWORD})
 * @param paymentApiKey    key for the payment provider's API ({@code APP_PAYMENT_API_KEY})
 */
public record AppSettings(String databaseUrl, String databaseUser, String databasePassword, String paymentApiKey) {

    private static final Logger LOG = Logger.getLogger(AppSettings.class.getName());

    private static final Pattern PAYMENT_KEY = Pattern.compile("rpk_(live|test)_[A-Za-z0-9]{24,}");
    /** ${NAME}, $NAME, %NAME% or <name>: a template whose variable was never filled in. */
    private static final Pattern UNEXPANDED = Pattern.compile("\\$\\{[^}]*}|\\$[A-Z_][A-Z0-9_]*|%[A-Z_][A-Z0-9_]*%|<[A-Za-z_][\\w-]*>");
    /** A database name: the only part of a URL's path that is shown. */
    private static final Pattern DATABASE_NAME = Pattern.compile("/[A-Za-z0-9_.-]*");
    private static final String NOT_SHOWN = "(a database URL that is not shown)";

    /**
     * Reads the settings from an environment (in production {@code System.getenv()}).
     *
     * @throws MissingSettingException when a required variable is unset, blank, or an unexpanded placeholder
     * @throws IllegalStateException    when the payment key is malformed (the message never shows it)
     */
    public static AppSettings fromEnvironment(Map<String, String> environment) {
        var url = required(environment, "APP_DB_URL", "point it at the application database");
        var user = environment.getOrDefault("APP_DB_USER", "").isBlank() ? "app" : environment.get("APP_DB_USER");
        // A password has no safe default: a default would be the same in every deployment.
        var password = required(environment, "APP_DB_PASSWORD", "take it from the secret store");
        var apiKey = required(environment, "APP_PAYMENT_API_KEY", "copy the key from the payment dashboard");
        if (!PAYMENT_KEY.matcher(apiKey).matches()) {
            // Describe the shape that was expected, never the value that was found.
            throw new IllegalStateException("APP_PAYMENT_API_KEY does not look like a payment key (" + apiKey.length()
                    + " characters; expected rpk_live_ or rpk_test_ then at least 24 letters or digits): "
                    + "check for quotes, spaces or a line break pasted with it");
        }
        LOG.info(() -> "Settings loaded for " + location(url) + " as " + user);
        return new AppSettings(url, user, password, apiKey);
    }

    private static String required(Map<String, String> environment, String name, String whatToDo) {
        var value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingSettingException(name, name + " is not set: " + whatToDo);
        }
        if (UNEXPANDED.matcher(value.strip()).matches()) {
            throw new MissingSettingException(name, name + " holds an unexpanded placeholder, so it was never set where the app starts: " + whatToDo);
        }
        // Say which variables were found, never what they hold.
        LOG.fine(() -> name + " is set");
        return value;
    }

    /**
     * Where a database URL points, for people reading a log: scheme, host, port and database name.
     * The URL itself is never shown, because drivers accept a password in it in more ways than a
     * mask can list (user:password@, ?password=, ;password=, user/password@, (password=...)).
     * So this shows only the parts a URI parser names, and nothing of a URL it cannot take apart.
     */
    static String location(String url) {
        var jdbc = url.startsWith("jdbc:");
        try {
            var uri = new URI(jdbc ? url.substring("jdbc:".length()) : url);
            if (uri.getHost() == null) {
                // Opaque (Oracle's user/password@host), several hosts, or driver properties in
                // the authority (SQL Server's ;password=): no part of it is known to be safe.
                return NOT_SHOWN;
            }
            var path = uri.getRawPath();
            var database = DATABASE_NAME.matcher(path).matches() ? path : "";
            var port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
            return (jdbc ? "jdbc:" : "") + uri.getScheme() + "://" + uri.getHost() + port + database;
        } catch (URISyntaxException e) {
            return NOT_SHOWN;
        }
    }

    /**
     * Names where the database is and the user; the secrets are masked whole (a mask that keeps
     * a few characters still gives them away), so logs and debuggers never show them.
     */
    @Override
    public String toString() {
        return "AppSettings[databaseUrl=" + location(databaseUrl) + ", databaseUser=" + databaseUser
                + ", databasePassword=****, paymentApiKey=****]";
    }
}
