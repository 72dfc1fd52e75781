package dev.rampart.kata.sqlinjection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Reads and updates the application's accounts and their orders, with plain JDBC.
 * Tables: see {@link UserSchema}.
 *
 * <p>Every value reaches PostgreSQL as a bind parameter of a {@link PreparedStatement}: the
 * driver sends the SQL text and the values separately, so no value is ever parsed as SQL,
 * whatever quotes, comments or semicolons it holds, and wherever it came from (a form, a URL,
 * or a row written earlier). What cannot be a parameter, the column of an ORDER BY, is picked
 * from a fixed map and never copied from the request.
 *
 * <p>Why JDBC and not an ORM: these are six small queries, and {@code PreparedStatement} is
 * what JPA, jOOQ and Spring's JdbcTemplate use underneath. They are just as injectable the
 * moment input is concatenated into JPQL, a native query or a jOOQ {@code DSL.sql(...)} string,
 * so the rule to learn is this one, not a framework.
 */
public final class UserRepository {

    /** Shorter search terms find nobody, so the directory cannot be listed wholesale. */
    public static final int MIN_SEARCH_LENGTH = 3;

    private static final String USER_COLUMNS = "id, username, email, display_name, role";

    /** What the page may ask to sort by, and the column each name means. Anything else is refused. */
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "id", "id",
            "username", "username",
            "email", "email",
            "display_name", "display_name");

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The account with exactly this username. */
    public Optional<User> findByUsername(String username) throws SQLException {
        return first("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?", username);
    }

    /**
     * The account whose username and password hash both match, when they do.
     *
     * @param passwordHash the hash the sign-in service computed from the submitted password
     */
    public Optional<User> login(String username, String passwordHash) throws SQLException {
        return first("SELECT " + USER_COLUMNS + " FROM users WHERE username = ? AND password_hash = ?", username, passwordHash);
    }

    /**
     * The accounts registered under an e-mail address, ignoring case: the "forgot your password?"
     * page mails each of them (service accounts share the ops mailbox).
     */
    public List<User> findByEmail(String email) throws SQLException {
        // A lookup wants equality. ILIKE would read % and _ in the address as wildcards, even bound.
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE lower(email) = lower(?) ORDER BY id", email);
    }

    /**
     * The people directory: accounts whose display name contains {@code namePart}, ignoring case,
     * sorted by the column the page asks for ({@code id}, {@code username}, {@code email} or
     * {@code display_name}). Terms shorter than {@link #MIN_SEARCH_LENGTH} find nobody; a
     * {@code %} or {@code _} in the term is searched for literally.
     *
     * @throws IllegalArgumentException for a sort column the page does not offer
     */
    public List<User> search(String namePart, String sortColumn) throws SQLException {
        var column = SORT_COLUMNS.get(sortColumn);
        if (column == null) {
            throw new IllegalArgumentException("Cannot sort the directory by that; choose one of " + new TreeMap<>(SORT_COLUMNS).keySet());
        }
        var term = namePart.strip();
        if (term.length() < MIN_SEARCH_LENGTH) {
            return List.of();
        }
        // Binding keeps the term out of the SQL; escaping keeps its % and _ out of the pattern.
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE display_name ILIKE '%' || ? || '%' ESCAPE '\\'"
                + " ORDER BY " + column, likeLiteral(term));
    }

    /** Changes the name an account shows to others. */
    public void rename(long userId, String displayName) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("UPDATE users SET display_name = ? WHERE id = ?")) {
            statement.setString(1, displayName);
            statement.setLong(2, userId);
            statement.executeUpdate();
        }
    }

    /** The other accounts showing the same display name, so the page can warn about look-alikes. */
    public List<User> namesakes(long userId) throws SQLException {
        // The stored name is compared inside the database and never passes through SQL text:
        // a value read back from a table is as untrusted as the request that wrote it.
        return users("SELECT o.id, o.username, o.email, o.display_name, o.role FROM users me"
                + " JOIN users o ON o.display_name = me.display_name AND o.id <> me.id"
                + " WHERE me.id = ? ORDER BY o.id", userId);
    }

    /**
     * A customer's orders, oldest first; the id comes from the URL ({@code /customers/{id}/orders}).
     *
     * @throws IllegalArgumentException when the id is not a whole number
     */
    public List<Order> ordersOf(String customerId) throws SQLException {
        long id;
        try {
            id = Long.parseLong(customerId.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A customer id is a whole number", e);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection,
                     "SELECT id, user_id, item, total_cents FROM orders WHERE user_id = ? ORDER BY id", id);
             ResultSet rs = statement.executeQuery()) {
            var orders = new ArrayList<Order>();
            while (rs.next()) {
                orders.add(new Order(rs.getLong("id"), rs.getLong("user_id"), rs.getString("item"), rs.getLong("total_cents")));
            }
            return orders;
        }
    }

    /** The term with LIKE's wildcards and its escape character escaped, so it matches only itself. */
    private static String likeLiteral(String term) {
        return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private Optional<User> first(String sql, Object... values) throws SQLException {
        return users(sql, values).stream().findFirst();
    }

    private List<User> users(String sql, Object... values) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, values);
             ResultSet rs = statement.executeQuery()) {
            var users = new ArrayList<User>();
            while (rs.next()) {
                users.add(new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                        rs.getString("display_name"), rs.getString("role")));
            }
            return users;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        var statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
