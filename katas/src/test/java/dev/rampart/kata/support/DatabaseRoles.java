package dev.rampart.kata.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Login roles for one test class: names no other class or run can take, connections as those
 * roles, and all of them dropped (with whatever they own) when the class ends. Ask for it as a
 * parameter of a {@link WithPostgres} class, beside its {@link DataSource}:
 *
 * <pre>{@code
 * @WithPostgres
 * class AppRoleMigrationTest {
 *     AppRoleMigrationTest(DataSource admin, DatabaseRoles roles) { ... }
 * }
 * }</pre>
 *
 * <p>Roles belong to the whole PostgreSQL cluster, not to a schema, so without this a suite that
 * creates {@code billing_app} collides with its own second run (the kata proof runs every suite
 * twice in one JVM) and leaves the role behind for the next. Every name handed out here starts
 * with {@link #prefix()}, unique to the class's schema, and {@link #dropAll()} removes every role
 * with that prefix, including ones the code under test (or an attacker) created on its own.
 *
 * <p>The suite's own {@code DataSource} must be allowed to create roles: the embedded server's
 * user is a superuser; with {@code RAMPART_DB_URL}, give the user {@code CREATEROLE}.
 */
public final class DatabaseRoles {

    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private final PostgresServer server;
    private final String schema;
    private final String prefix;

    DatabaseRoles(PostgresServer server, String schema, String randomSuffix) {
        this.server = server;
        this.schema = schema;
        this.prefix = "rampart_" + randomSuffix + "_";
    }

    /** The class's schema: what a migration grants on, and what connections from here search. */
    public String schema() {
        return schema;
    }

    /** What every role name of this class starts with. */
    public String prefix() {
        return prefix;
    }

    /**
     * The role name for one purpose ({@code "app"} gives {@code rampart_1a2b3c4d_app}): lower-case
     * letters, digits and underscores only, so it needs no quoting in SQL.
     */
    public String name(String purpose) {
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A role purpose is 1 to 31 lower-case letters, digits or underscores,"
                    + " starting with a letter (it becomes part of an SQL identifier): got '" + purpose + "'");
        }
        return prefix + purpose;
    }

    /**
     * Connections as {@code role} (which must exist and may log in), searching the class's schema
     * only: {@code pg_catalog} stays first, as in any application.
     */
    public DataSource connectAs(String role, String password) {
        var ds = server.dataSource(schema);
        // After the URL, so these win over a user and password that RAMPART_DB_URL carries.
        ds.setUser(role);
        ds.setPassword(password);
        ds.setApplicationName("rampart-tests-as-role");
        return ds;
    }

    /** The roles of this class that exist now, by name. */
    public List<String> existing() {
        try (var connection = server.dataSource("public").getConnection()) {
            return existing(connection);
        } catch (SQLException e) {
            throw server.explain("list roles", e);
        }
    }

    /**
     * Drops every role of this class, what each owns in this database (tables, functions, schemas,
     * large objects, publications...), every database it owns, and every privilege granted to it.
     * The class's schema itself is taken back first, so it survives even when a role owned it.
     */
    public void dropAll() {
        try (var connection = server.dataSource("public").getConnection(); var sql = connection.createStatement()) {
            var roles = existing(connection);
            if (roles.isEmpty()) {
                return;
            }
            sql.execute("DO $$ BEGIN IF EXISTS (SELECT FROM pg_namespace WHERE nspname = '" + schema + "')"
                    + " THEN ALTER SCHEMA " + schema + " OWNER TO CURRENT_USER; END IF; END $$");
            for (var database : ownedDatabases(connection)) {
                sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
            // Names come from existing(): they start with the prefix, whose characters need no quoting,
            // but a role an attacker named may hold anything after it, so quote them all.
            var list = String.join(", ", roles.stream().map(DatabaseRoles::quoted).toList());
            sql.execute("DROP OWNED BY " + list + " CASCADE");
            sql.execute("DROP ROLE " + list);
        } catch (SQLException e) {
            throw server.explain("drop the roles " + prefix + "*", e);
        }
    }

    private List<String> existing(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) ORDER BY oid DESC")) {
            statement.setString(1, prefix);
            try (var rs = statement.executeQuery()) {
                var names = new ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    private List<String> ownedDatabases(Connection connection) throws SQLException {
        try (var statement = connection.prepareStatement("SELECT quote_ident(d.datname) FROM pg_database d"
                + " JOIN pg_roles r ON r.oid = d.datdba WHERE starts_with(r.rolname, ?)")) {
            statement.setString(1, prefix);
            try (var rs = statement.executeQuery()) {
                var names = new ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return "DatabaseRoles[" + prefix + "* on " + server + "]";
    }
}
