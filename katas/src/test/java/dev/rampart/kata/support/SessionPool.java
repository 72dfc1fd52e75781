package dev.rampart.kata.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A test class's connections, kept open between its cases (HikariCP), each handed out as a fresh
 * session: the {@link DataSource} a {@link WithPostgres} class gets.
 *
 * <p>Why: a suite asks for a connection in nearly every call it makes, and so does the code it
 * tests. Opening one starts a PostgreSQL backend, which then reads the catalogue into caches of
 * its own before its first queries run fast; that, not the queries, was most of a database
 * suite's time. A connection taken from here is the same backend as before, caches warm.
 *
 * <p>What keeps the cases apart: before a connection is handed out, {@code DISCARD ALL} puts its
 * session back as it was when it connected (settings, the search path and the role, temporary
 * tables, prepared statements, cursors, advisory locks, listeners), and the pool has already
 * rolled back whatever the last holder left open and reset autocommit, isolation and read-only.
 * An attack that changes its session (a stacked {@code SET search_path}, a {@code SET ROLE}, a
 * temporary {@code users} table that would shadow the real one) cannot reach the next case.
 * What lives in the database itself (tables, rows, roles) is the suites' to check, as before.
 *
 * <p>Code that never closes its connections would empty the pool; then the next call fails at
 * once, saying so, instead of waiting for a connection that never comes back.
 */
final class SessionPool implements DataSource, AutoCloseable {

    /** More than any case holds at once; well under the server's {@code max_connections} (300 embedded). */
    static final int MAX_CONNECTIONS = 24;

    private final PGSimpleDataSource unpooled;
    private final HikariDataSource pool;

    SessionPool(PGSimpleDataSource unpooled, String name) {
        this.unpooled = unpooled;
        var config = new HikariConfig();
        config.setDataSource(unpooled);
        config.setPoolName(name);
        // Connections are opened when first asked for, and kept while the class runs.
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        // A server that is down is reported by the first case that asks, as with plain connections.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(30));
        config.setRegisterMbeans(false);
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        var held = pool.getHikariPoolMXBean();
        if (held != null && held.getActiveConnections() >= MAX_CONNECTIONS) {
            throw new SQLTransientConnectionException("All " + MAX_CONNECTIONS + " connections of this test class are"
                    + " held open and none was closed: close every connection you take (try-with-resources), or the"
                    + " database runs out of them", "53300");
        }
        var connection = pool.getConnection();
        try (var statement = connection.createStatement()) {
            statement.execute("DISCARD ALL");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** As the user given, outside the pool: a connection made for one role is not reused for another. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return unpooled.getConnection(username, password);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return unpooled.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        unpooled.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        unpooled.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return unpooled.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return unpooled.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return unpooled.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || unpooled.isWrapperFor(type);
    }

    @Override
    public String toString() {
        return "SessionPool[" + pool.getPoolName() + "]";
    }
}
