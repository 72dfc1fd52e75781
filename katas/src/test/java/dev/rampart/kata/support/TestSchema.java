package dev.rampart.kata.support;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * One test class's schema: created empty, searched first by every connection handed out,
 * dropped with everything in it when the class ends (JUnit closes it with the class's store),
 * together with the class's {@link DatabaseRoles}. A suite's connections come from a
 * {@link SessionPool}, closed with the schema; a lesson's are opened one by one, since a notebook
 * cell that never closes its connection must not empty a pool for the rest of the kernel's life.
 */
final class TestSchema implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresServer server;
    private final String name;
    private final DataSource dataSource;
    private final DatabaseRoles roles;

    private TestSchema(PostgresServer server, String name, boolean pooled) {
        this.server = server;
        this.name = name;
        var unpooled = server.dataSource(name + ",pg_catalog");
        this.dataSource = pooled ? new SessionPool(unpooled, name) : unpooled;
        // The roles share the schema's random suffix, so a role left behind names its class's schema.
        this.roles = new DatabaseRoles(server, name, name.substring(name.lastIndexOf('_') + 1));
    }

    /** Creates a fresh schema named after the class, with a random suffix (runs may share a server). */
    static TestSchema create(PostgresServer server, String className) {
        return create(server, className, true);
    }

    /** A lesson's schema: the same, with a connection opened for every one asked for. */
    static TestSchema forLesson(PostgresServer server, String lesson) {
        return create(server, "lesson " + lesson, false);
    }

    private static TestSchema create(PostgresServer server, String className, boolean pooled) {
        var schema = new TestSchema(server, nameFor(className), pooled);
        try {
            schema.execute("create a schema", "CREATE SCHEMA " + schema.name);
        } catch (RuntimeException e) {
            schema.closePool();
            throw e;
        }
        return schema;
    }

    /**
     * {@code rampart_<class>_<random>}: lower-case letters, digits and underscores only, within
     * PostgreSQL's 63-byte identifier limit. Identifiers cannot be bind parameters, so the name
     * is built only from those characters and needs no quoting in the statements above.
     */
    static String nameFor(String className) {
        var base = className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        if (base.length() > 40) {
            base = base.substring(0, 40);
        }
        var suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return "rampart_" + base + "_" + HexFormat.of().formatHex(suffix);
    }

    String name() {
        return name;
    }

    DataSource dataSource() {
        return dataSource;
    }

    DatabaseRoles roles() {
        return roles;
    }

    @Override
    public void close() {
        closePool();
        // Roles first: they belong to the cluster, and would outlive the schema.
        roles.dropAll();
        execute("drop a schema", "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private void closePool() {
        if (dataSource instanceof SessionPool pool) {
            pool.close();
        }
    }

    private void execute(String doing, String sql) {
        // Connect with the default search path: the schema may not exist yet, or any more.
        try (var connection = server.dataSource("public").getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw server.explain(doing, e);
        }
    }

    @Override
    public String toString() {
        return "TestSchema[" + name + " on " + server + "]";
    }
}
