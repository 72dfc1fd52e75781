package dev.rampart.kata.sqlinjection;

import java.sql.Connection;
import java.sql.SQLException;


/**
 * Stand-ins for {@code pg_sleep}, {@code pg_sleep_for} and {@code pg_sleep_until} in the test
 * class's schema, which connections search before {@code pg_catalog} (see {@code @WithPostgres}).
 * Each records that it was called and returns at once, so a time-based blind injection is
 * caught by what ran, not by a clock, and the suite never waits.
 *
 * <p>The count lives in a sequence because {@code nextval} is never rolled back: a sleep that ran
 * inside a statement which then failed still counts, as the attacker's stopwatch would.
 */
final class SleepProbe {

    private static final String INSTALL = """
            DROP SEQUENCE IF EXISTS sleep_calls;
            CREATE SEQUENCE sleep_calls;
            CREATE OR REPLACE FUNCTION pg_sleep(seconds double precision) RETURNS void
                LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('sleep_calls'); END $$;
            CREATE OR REPLACE FUNCTION pg_sleep_for(duration interval) RETURNS void
                LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('sleep_calls'); END $$;
            CREATE OR REPLACE FUNCTION pg_sleep_until(wake timestamp with time zone) RETURNS void
                LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('sleep_calls'); END $$;
            """;

    /**
     * How many times a sleep ran since the install. A scalar query, so {@link TrustedQueries#read}
     * can read it in the same round trip as the snapshot it takes before every case.
     */
    static final String CALLS_SO_FAR = "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sleep_calls";

    private final Connection connection;
    private final long baseline;

    private SleepProbe(Connection connection, long baseline) {
        this.connection = connection;
        this.baseline = baseline;
    }

    /** Installs the stand-ins (again) with a count of zero. */
    static void install(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(INSTALL);
        }
    }

    /**
     * Counts from {@code callsSoFar}, a reading of {@link #CALLS_SO_FAR} taken when nothing of the
     * case had run yet, over this connection. Reading a baseline, not restarting the sequence,
     * because {@code ALTER SEQUENCE ... RESTART} is DDL (it gives the sequence a new file, about a
     * millisecond) and the count would be the same: the sequence only ever moves up by one a call.
     */
    static SleepProbe since(Connection connection, long callsSoFar) {
        return new SleepProbe(connection, callsSoFar);
    }

    /** Counts from now, over this connection. */
    static SleepProbe fromNow(Connection connection) throws SQLException {
        return new SleepProbe(connection, callsSoFar(connection));
    }

    /** How many times a sleep function ran since the baseline. */
    long calls() throws SQLException {
        return callsSoFar(connection) - baseline;
    }

    /** The count since the install: {@link #CALLS_SO_FAR} over this connection. */
    static long callsSoFar(Connection connection) throws SQLException {
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(CALLS_SO_FAR)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
