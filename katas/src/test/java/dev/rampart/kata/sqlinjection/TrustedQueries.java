package dev.rampart.kata.sqlinjection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The suite's own view of the database, to judge the repository by: what a caller is entitled
 * to for a given input, and what the database holds. Every value is a bind parameter here, so
 * these answers cannot be steered by the payloads they are compared with. It keeps one connection
 * for a whole test class: taking one from the pool costs a round trip ({@code DISCARD ALL}) and
 * drops the statements the server has prepared, and the cases never share this session with the
 * code under test, whose connections are fresh sessions every time.
 */
final class TrustedQueries implements AutoCloseable {

    private static final String USER_COLUMNS = "id, username, email, display_name, role";
    private static final List<String> TABLES = List.of("users", "orders", "api_keys");
    private static final Set<String> SORT_COLUMNS = Set.of("id", "username", "email", "display_name");

    /** {@code table.column} for every column of {@link #TABLES} in the catalogue; the one parameter is the table names. */
    private static final String TABLES_AND_COLUMNS = "SELECT c.relname || '.' || a.attname FROM pg_class c JOIN pg_attribute a"
            + " ON a.attrelid = c.oid WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'f', 'p')"
            + " AND c.relname = ANY (?) AND a.attnum > 0 AND NOT a.attisdropped";

    /**
     * {@link #tablesAndColumns()}, {@link #contents()} and the sleep probe's count in one statement:
     * this runs before every case, and one round trip costs less than the six it replaces. It
     * fails when a table is gone or cannot be read; {@link #read()} then asks one part at a time.
     */
    private static final String READING = "SELECT ARRAY(" + TABLES_AND_COLUMNS + "), "
            + TABLES.stream().map(table -> "ARRAY(SELECT t::text FROM " + table + " t ORDER BY id), ").collect(Collectors.joining())
            + "(" + SleepProbe.CALLS_SO_FAR + ")";

    private final Connection connection;

    private TrustedQueries(Connection connection) {
        this.connection = connection;
    }

    static TrustedQueries open(DataSource db) throws SQLException {
        return new TrustedQueries(db.getConnection());
    }

    /** The connection, for the suite's own fixtures. */
    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** The account with exactly this username. */
    Optional<User> user(String username) throws SQLException {
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?", username).stream().findFirst();
    }

    /** The account these exact credentials open, if any. */
    Optional<User> login(String username, String passwordHash) throws SQLException {
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE username = ? AND password_hash = ?", username, passwordHash)
                .stream().findFirst();
    }

    /** The stored hash of an account: what an honest sign-in submits. */
    String passwordHashOf(String username) throws SQLException {
        return single("SELECT password_hash FROM users WHERE username = ?", username);
    }

    /** The accounts whose e-mail address is this one, ignoring case. */
    List<User> withEmail(String email) throws SQLException {
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE lower(email) = lower(?) ORDER BY id", email);
    }

    /** What a directory search may show: display names holding the term, literally, ignoring case. */
    List<User> directory(String term) throws SQLException {
        var stripped = term.strip();
        if (stripped.length() < UserRepository.MIN_SEARCH_LENGTH) {
            return List.of();
        }
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE strpos(lower(display_name), lower(?)) > 0 ORDER BY id", stripped);
    }

    /**
     * The directory search for {@code term}, sorted by one of the columns the page offers, as
     * usernames. The server orders them, so its collation decides, as it does for the repository.
     */
    List<String> directoryUsernamesSortedBy(String term, String column) throws SQLException {
        if (!SORT_COLUMNS.contains(column)) {
            throw new IllegalArgumentException("The directory page offers no sort by " + column + "; it offers " + SORT_COLUMNS);
        }
        var ids = directory(term).stream().map(User::id).toArray(Long[]::new);
        // The column is one of the constants checked above, never input.
        try (var statement = prepare("SELECT username FROM users WHERE id = ANY (?) ORDER BY " + column,
                     connection.createArrayOf("bigint", ids));
             var rs = statement.executeQuery()) {
            var usernames = new ArrayList<String>();
            while (rs.next()) {
                usernames.add(rs.getString(1));
            }
            return usernames;
        }
    }

    /** The ids the directory search for {@code term} finds, in the order of their password hashes: what must never show. */
    List<Long> directoryIdsByPasswordHash(String term) throws SQLException {
        var ids = directory(term).stream().map(User::id).toArray(Long[]::new);
        try (var statement = prepare("SELECT id FROM users WHERE id = ANY (?) ORDER BY password_hash", connection.createArrayOf("bigint", ids));
             var rs = statement.executeQuery()) {
            var ordered = new ArrayList<Long>();
            while (rs.next()) {
                ordered.add(rs.getLong(1));
            }
            return ordered;
        }
    }

    /** The username of an account. */
    String username(long id) throws SQLException {
        return single("SELECT username FROM users WHERE id = ?", id);
    }

    /** The other accounts showing exactly the same display name as this one. */
    List<User> namesakes(long userId) throws SQLException {
        return users("SELECT o.id, o.username, o.email, o.display_name, o.role FROM users me"
                + " JOIN users o ON o.display_name = me.display_name AND o.id <> me.id WHERE me.id = ? ORDER BY o.id", userId);
    }

    /** The orders of the customer this id names, when it names one as a number. */
    List<Order> ordersOf(String customerId) throws SQLException {
        long id;
        try {
            id = Long.parseLong(customerId.strip());
        } catch (NumberFormatException e) {
            return List.of();
        }
        try (var statement = prepare("SELECT id, user_id, item, total_cents FROM orders WHERE user_id = ? ORDER BY id", id);
             var rs = statement.executeQuery()) {
            var orders = new ArrayList<Order>();
            while (rs.next()) {
                orders.add(new Order(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getLong(4)));
            }
            return orders;
        }
    }

    /** The secret of an API key. */
    String apiKeySecret(String name) throws SQLException {
        return single("SELECT secret FROM api_keys WHERE name = ?", name);
    }

    /**
     * The tables of the class's schema, with their columns, as the catalogue lists them: the rows
     * {@code information_schema.columns} shows a superuser (tables, views, foreign and partitioned
     * tables), read from {@code pg_catalog} directly. The view checks privileges on every column of
     * the database and costs tens of milliseconds; this runs before every case.
     */
    Set<String> tablesAndColumns() throws SQLException {
        var found = new TreeSet<String>();
        try (var statement = prepare(TABLES_AND_COLUMNS, tableNames()); var rs = statement.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    /**
     * Everything about the three tables that {@link UserSchema#reset} builds and a change of rows
     * cannot touch: columns with their types and defaults, constraints, indexes, identity
     * sequences, triggers, rules, policies, owners and grants. While it equals the seed's, the
     * tables differ from the seed in their rows only, and putting the rows back is a reset.
     */
    List<String> tableDefinitions() throws SQLException {
        try (var statement = prepare("""
                     WITH t AS (SELECT c.oid, c.relname FROM pg_class c
                                 WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY (?))
                     SELECT format('table %s kind=%s owner=%s acl=%s rls=%s forced=%s persistence=%s options=%s', t.relname,
                                   c.relkind, c.relowner::regrole, c.relacl, c.relrowsecurity, c.relforcerowsecurity,
                                   c.relpersistence, c.reloptions)
                       FROM t JOIN pg_class c ON c.oid = t.oid
                     UNION ALL
                     SELECT format('column %s.%s %s not-null=%s default=%s identity=%s generated=%s acl=%s', t.relname, a.attname,
                                   format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                                   a.attidentity, a.attgenerated, a.attacl)
                       FROM t JOIN pg_attribute a ON a.attrelid = t.oid
                       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                      WHERE a.attnum > 0 AND NOT a.attisdropped
                     UNION ALL
                     SELECT format('constraint %s.%s %s', t.relname, k.conname, pg_get_constraintdef(k.oid))
                       FROM t JOIN pg_constraint k ON k.conrelid = t.oid
                     UNION ALL
                     SELECT format('index %s', pg_get_indexdef(i.indexrelid)) FROM t JOIN pg_index i ON i.indrelid = t.oid
                     UNION ALL
                     SELECT format('sequence %s.%s %s', t.relname, s.seqrelid::regclass,
                                   row(s.seqtypid, s.seqstart, s.seqincrement, s.seqmax, s.seqmin, s.seqcache, s.seqcycle))
                       FROM t JOIN pg_depend d ON d.refobjid = t.oid AND d.classid = 'pg_class'::regclass
                       JOIN pg_sequence s ON s.seqrelid = d.objid
                     UNION ALL
                     SELECT format('trigger %s', pg_get_triggerdef(g.oid)) FROM t JOIN pg_trigger g ON g.tgrelid = t.oid
                      WHERE NOT g.tgisinternal
                     UNION ALL
                     SELECT format('rule %s', pg_get_ruledef(r.oid)) FROM t JOIN pg_rewrite r ON r.ev_class = t.oid
                     UNION ALL
                     SELECT format('policy %s.%s %s %s to=%s using=%s check=%s', t.relname, p.polname, p.polpermissive, p.polcmd,
                                   p.polroles, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
                       FROM t JOIN pg_policy p ON p.polrelid = t.oid
                     ORDER BY 1
                     """, tableNames());
             var rs = statement.executeQuery()) {
            var lines = new ArrayList<String>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines;
        }
    }

    /**
     * Puts these rows back in place of whatever the tables hold, with the same ids, and each
     * identity where the seed left it: what {@link UserSchema#reset} would give, when only rows
     * changed since the seed.
     *
     * @param rows every table's rows, as {@link #contents()} read them after the seed
     */
    void restoreRows(Map<String, List<String>> rows) throws SQLException {
        var autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            // DELETE, not TRUNCATE: for a dozen rows it takes microseconds, where TRUNCATE gives
            // every table, index and sequence a new file (about 13 ms a time here). The definitions
            // equal the seed's, so no trigger, rule or policy of an attacker's runs on it. The
            // table names are the constants above, never input; TABLES lists referenced tables
            // first, so the rows that reference others go first.
            var referencingFirst = new ArrayList<>(TABLES);
            Collections.reverse(referencingFirst);
            statement.execute(referencingFirst.stream().map(table -> "DELETE FROM " + table).collect(Collectors.joining("; ")));
            for (var table : TABLES) {
                // A row's text is its record literal: casting it back to the table's row type reads it.
                try (var insert = prepare("INSERT INTO " + table + " OVERRIDING SYSTEM VALUE SELECT (r::" + table + ").*"
                        + " FROM unnest(?::text[]) WITH ORDINALITY AS u(r, n) ORDER BY n", connection.createArrayOf("text", rows.get(table).toArray()))) {
                    insert.executeUpdate();
                }
                // Where the seed left the identity: its last id taken, or as new for an empty table.
                statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL)"
                        + " FROM " + table);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The tables, their columns and every row: equal snapshots mean nothing changed. */
    record Snapshot(Set<String> tablesAndColumns, Map<String, List<String>> contents) {
    }

    /** A {@link Snapshot} with the sleep probe's count read at the same moment. */
    record Reading(Snapshot snapshot, long sleepCalls) {
    }

    Snapshot snapshot() throws SQLException {
        return read().snapshot();
    }

    /** The snapshot and the sleep count, in one round trip while every table can be read. */
    Reading read() throws SQLException {
        try (var statement = prepare(READING, tableNames()); var rs = statement.executeQuery()) {
            rs.next();
            var contents = new LinkedHashMap<String, List<String>>();
            for (int i = 0; i < TABLES.size(); i++) {
                contents.put(TABLES.get(i), List.of((String[]) rs.getArray(i + 2).getArray()));
            }
            var tablesAndColumns = new TreeSet<>(List.of((String[]) rs.getArray(1).getArray()));
            return new Reading(new Snapshot(tablesAndColumns, contents), rs.getLong(TABLES.size() + 2));
        } catch (SQLException unreadable) {
            // A table gone or changed past reading: the parts one at a time say which.
            var snapshot = new Snapshot(tablesAndColumns(), contentsOneByOne());
            return new Reading(snapshot, SleepProbe.callsSoFar(connection));
        }
    }

    /** Every row of every table, as text, in id order: compare two to see what changed. */
    Map<String, List<String>> contents() throws SQLException {
        return snapshot().contents();
    }

    /** {@link #contents()} a table at a time, saying which cannot be read. */
    private Map<String, List<String>> contentsOneByOne() throws SQLException {
        var contents = new LinkedHashMap<String, List<String>>();
        for (var table : TABLES) {
            // The table names are the constants above, never input.
            try (var statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT t::text FROM " + table + " t ORDER BY id")) {
                var rows = new ArrayList<String>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
                contents.put(table, rows);
            } catch (SQLException missing) {
                contents.put(table, List.of("(cannot read: " + missing.getMessage() + ")"));
            }
        }
        return contents;
    }

    private List<User> users(String sql, Object... values) throws SQLException {
        try (var statement = prepare(sql, values); var rs = statement.executeQuery()) {
            var users = new ArrayList<User>();
            while (rs.next()) {
                users.add(new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
            return users;
        }
    }

    private Array tableNames() throws SQLException {
        return connection.createArrayOf("text", TABLES.toArray());
    }

    private String single(String sql, Object value) throws SQLException {
        try (var statement = prepare(sql, value); var rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("The seed data lacks a row for " + value + ": check UserSchema");
            }
            return rs.getString(1);
        }
    }

    private PreparedStatement prepare(String sql, Object... values) throws SQLException {
        var statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }
}
