package dev.rampart.kata.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A running PostgreSQL the suites may create schemas in, and how to stop it.
 *
 * @param source   where it came from (messages name it, and say what to do instead)
 * @param jdbcUrl  base URL; for {@code RAMPART_DB_URL} it carries user and password
 * @param user     user to connect as, when not in the URL
 * @param password password, when not in the URL
 * @param stop     what stops the server (nothing, for a server someone else runs)
 */
record PostgresServer(PostgresSource source, String jdbcUrl, Optional<String> user, Optional<String> password,
                      AutoCloseable stop) implements AutoCloseable {

    /** Docker images are pinned to the same major version as the embedded binaries. */
    static final String IMAGE = "postgres:18-alpine";
    /** How long to wait for Docker to answer before calling it absent. */
    static final Duration DOCKER_PROBE_LIMIT = Duration.ofSeconds(10);

    @Override
    public String toString() {
        return "PostgresServer[" + source.describe() + "]";
    }

    /** Starts (or, for {@code RAMPART_DB_URL}, checks) the server a source names. */
    static PostgresServer start(PostgresSource source) {
        if (source instanceof PostgresSource.Embedded) {
            return embedded();
        }
        if (source instanceof PostgresSource.External external) {
            return external(external);
        }
        return container(PostgresServer::dockerAnswers);
    }

    /** A connection factory for this server, searching {@code searchPath} (comma-separated). */
    PGSimpleDataSource dataSource(String searchPath) {
        var ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        user.ifPresent(ds::setUser);
        password.ifPresent(ds::setPassword);
        // pgjdbc turns currentSchema into the session's search_path when it connects.
        ds.setCurrentSchema(searchPath);
        ds.setApplicationName("rampart-tests");
        // A server that is down answers at once; one behind a black hole should not hold a run for long.
        ds.setConnectTimeout(5);
        ds.setLoginTimeout(10);
        return ds;
    }

    /**
     * Turns a failure to reach or use this server into an error that says what to do:
     * the setting at fault and the other ways to get a database.
     */
    IllegalStateException explain(String doing, SQLException e) {
        var state = Optional.ofNullable(e.getSQLState()).orElse("");
        String what;
        if (state.startsWith("08")) {
            what = source.describe() + " refuses connections";
        } else if (state.startsWith("28")) {
            what = source.describe() + " rejects its user or password";
        } else if (state.equals("3D000")) {
            what = "the database named in " + source.describe() + " does not exist";
        } else if (state.equals("42501")) {
            what = "the user of " + source.describe() + " may not " + doing + " (GRANT CREATE ON DATABASE to it)";
        } else {
            what = source.describe() + " failed to " + doing + " (SQLState " + state + ")";
        }
        return new IllegalStateException(what + ": " + e.getMessage() + "; " + source.otherwise(), e);
    }

    @Override
    public void close() throws Exception {
        stop.close();
    }

    /**
     * One line for the person who started it: where the database is ({@code embedded, port 54321}),
     * never a password.
     */
    String summary() {
        if (source instanceof PostgresSource.Embedded) {
            return "embedded, port " + port();
        }
        if (source instanceof PostgresSource.External) {
            return PostgresSource.URL_VARIABLE + ", " + PostgresSource.redacted(jdbcUrl);
        }
        return "Testcontainers, port " + port();
    }

    private String port() {
        var parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
        return parsed == null ? "unknown" : parsed.getProperty("PGPORT", "5432");
    }

    private static PostgresServer embedded() {
        Path log;
        try {
            // What initdb and the server print goes to a file, not to the terminal or a notebook
            // cell (about forty lines per start); a failure to start names it.
            log = Files.createTempFile("rampart-postgres-", ".log");
            log.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the embedded PostgreSQL's log file (" + e.getMessage()
                    + "); " + new PostgresSource.Embedded().otherwise(), e);
        }
        try {
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    // SharedPostgres registers the one shutdown hook that stops whichever server runs.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // Throwaway data: durability only costs time here.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            return new PostgresServer(new PostgresSource.Embedded(),
                    // Local and known: skipping the TLS offer and the version probe makes each connection
                    // a few milliseconds cheaper, and suites open hundreds.
                    "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres?sslmode=disable&assumeMinServerVersion=18",
                    Optional.of("postgres"), Optional.empty(), pg);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start (" + e.getMessage()
                    + "; its log is " + log + "); " + new PostgresSource.Embedded().otherwise(), e);
        }
    }

    private static PostgresServer external(PostgresSource.External source) {
        var server = new PostgresServer(source, source.url(), Optional.empty(), Optional.empty(), () -> { });
        try (var connection = server.dataSource("public").getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw server.explain("connect", e);
        }
        return server;
    }

    /**
     * Starts a container, after asking Docker whether it is there at all: without that question
     * Testcontainers would only fail inside {@code start()}, after its own retries.
     */
    static PostgresServer container(BooleanSupplier dockerAnswers) {
        var source = new PostgresSource.Testcontainers();
        if (!dockerAnswers.getAsBoolean()) {
            throw new IllegalStateException("-D" + PostgresSource.PROPERTY
                    + "=testcontainers needs a running Docker engine, and Testcontainers found none; " + source.otherwise());
        }
        var container = new org.testcontainers.postgresql.PostgreSQLContainer(IMAGE);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.close();
            throw new IllegalStateException("Testcontainers could not start " + IMAGE + " (" + e.getMessage() + "); " + source.otherwise(), e);
        }
        return new PostgresServer(source, container.getJdbcUrl(), Optional.of(container.getUsername()),
                Optional.of(container.getPassword()), container::close);
    }

    /** Whether a Docker engine answers, asked with a time limit so a hung socket cannot stall a run. */
    static boolean dockerAnswers() {
        var executor = Executors.newSingleThreadExecutor(r -> {
            var thread = new Thread(r, "rampart-docker-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return executor.submit(() -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable())
                    .get(DOCKER_PROBE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            executor.shutdownNow();
        }
    }
}
