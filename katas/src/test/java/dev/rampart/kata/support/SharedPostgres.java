package dev.rampart.kata.support;

/**
 * The one PostgreSQL of this test JVM, started on first use and stopped when the JVM exits.
 *
 * <p>Why a static holder and a shutdown hook, not JUnit's root store: the kata proof runs
 * several JUnit launcher sessions in one JVM (every kata's suite against the starter, then
 * against the solution), and each session has its own root store, closed when that session
 * ends. Kept there, the server would be started and stopped once per session. These support
 * classes are loaded once for the whole JVM (the proof's class loaders share them), so a static
 * field here outlives the sessions, and the hook stops the server however the JVM ends.
 *
 * <p>A failure is kept too: every later class fails at once with the same message instead of
 * retrying a start that cannot work.
 */
final class SharedPostgres {

    private static PostgresServer server;
    private static RuntimeException failure;

    private SharedPostgres() {
    }

    /** The server, started now if this is the first call in the JVM. */
    static synchronized PostgresServer server() {
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        if (server == null) {
            try {
                server = PostgresServer.start(PostgresSource.current());
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            var started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started), "rampart-postgres-stop"));
        }
        return server;
    }

    private static void stop(PostgresServer started) {
        try {
            started.close();
        } catch (Exception e) {
            // The JVM is exiting; the data directory is temporary either way.
            System.err.println("Could not stop " + started + ": " + e);
        }
    }
}
