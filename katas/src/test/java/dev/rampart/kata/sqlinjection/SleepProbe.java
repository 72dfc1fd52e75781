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

    private final Connection connection;

    private SleepProbe(Connection connection) {
        this.connection = connection;
    }

    /** Installs the stand-ins (again) with a count of zero. */
    static void install(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(INSTALL);
        }
    }

    /** Sets the count back to zero, and reads it over this connection from now on. */
    static SleepProbe restart(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("ALTER SEQUENCE sleep_calls RESTART");
        }
        return new SleepProbe(connection);
    }

    /** How many times a sleep function ran since {@link #restart}. */
    long calls() throws SQLException {
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sleep_calls")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
