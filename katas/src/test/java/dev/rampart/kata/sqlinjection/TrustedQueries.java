package dev.rampart.kata.sqlinjection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The suite's own view of the database, to judge the repository by: what a caller is entitled
 * to for a given input, and what the database holds. Every value is a bind parameter here, so
 * these answers cannot be steered by the payloads they are compared with. It keeps one connection
 * for a whole test (opening one costs more than most of the queries it runs).
 */
final class TrustedQueries implements AutoCloseable {

    private static final String USER_COLUMNS = "id, username, email, display_name, role";
    private static final List<String> TABLES = List.of("users", "orders", "api_keys");
    private static final Set<String> SORT_COLUMNS = Set.of("id", "username", "email", "display_name");

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

    /** The tables of the class's schema, with their columns, as the catalogue lists them. */
    Set<String> tablesAndColumns() throws SQLException {
        var found = new TreeSet<String>();
        try (var statement = prepare("SELECT table_name, column_name FROM information_schema.columns"
                     + " WHERE table_schema = current_schema() AND table_name = ANY (?)", connection.createArrayOf("text", TABLES.toArray()));
             var rs = statement.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return found;
    }

    /** The tables, their columns and every row: equal snapshots mean nothing changed. */
    record Snapshot(Set<String> tablesAndColumns, Map<String, List<String>> contents) {
    }

    Snapshot snapshot() throws SQLException {
        return new Snapshot(tablesAndColumns(), contents());
    }

    /** Every row of every table, as text, in id order: compare two to see what changed. */
    Map<String, List<String>> contents() throws SQLException {
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
