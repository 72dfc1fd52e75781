package dev.rampart.kata.sqlinjection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads and updates the application's accounts and their orders, with plain JDBC.
 * Tables: see {@link UserSchema}.
 */
public final class UserRepository {

    /** Shorter search terms find nobody, so the directory cannot be listed wholesale. */
    public static final int MIN_SEARCH_LENGTH = 3;

    private static final String USER_COLUMNS = "id, username, email, display_name, role";

    private final DataSource dataSource;

    public UserRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The account with exactly this username. */
    public Optional<User> findByUsername(String username) throws SQLException {
        return first("SELECT " + USER_COLUMNS + " FROM users WHERE username = '" + username + "'");
    }

    /**
     * The account whose username and password hash both match, when they do.
     *
     * @param passwordHash the hash the sign-in service computed from the submitted password
     */
    public Optional<User> login(String username, String passwordHash) throws SQLException {
        return first("SELECT " + USER_COLUMNS + " FROM users WHERE username = '" + username
                + "' AND password_hash = '" + passwordHash + "'");
    }

    /**
     * The accounts registered under an e-mail address, ignoring case: the "forgot your password?"
     * page mails each of them (service accounts share the ops mailbox).
     */
    public List<User> findByEmail(String email) throws SQLException {
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE email ILIKE '" + quote(email) + "' ORDER BY id");
    }

    /**
     * The people directory: accounts whose display name contains {@code namePart}, ignoring case,
     * sorted by the column the page asks for ({@code id}, {@code username}, {@code email} or
     * {@code display_name}). Terms shorter than {@link #MIN_SEARCH_LENGTH} find nobody.
     */
    public List<User> search(String namePart, String sortColumn) throws SQLException {
        var term = namePart.strip();
        if (term.length() < MIN_SEARCH_LENGTH) {
            return List.of();
        }
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE display_name ILIKE '%" + quote(term) + "%'"
                + " ORDER BY " + sortColumn);
    }

    /** Changes the name an account shows to others. */
    public void rename(long userId, String displayName) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE users SET display_name = '" + quote(displayName) + "' WHERE id = " + userId);
        }
    }

    /** The other accounts showing the same display name, so the page can warn about look-alikes. */
    public List<User> namesakes(long userId) throws SQLException {
        String displayName;
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT display_name FROM users WHERE id = " + userId)) {
            if (!rs.next()) {
                return List.of();
            }
            displayName = rs.getString(1);
        }
        return users("SELECT " + USER_COLUMNS + " FROM users WHERE display_name = '" + displayName + "'"
                + " AND id <> " + userId + " ORDER BY id");
    }

    /** A customer's orders, oldest first; the id comes from the URL ({@code /customers/{id}/orders}). */
    public List<Order> ordersOf(String customerId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, user_id, item, total_cents FROM orders WHERE user_id = "
                     + customerId + " ORDER BY id")) {
            var orders = new ArrayList<Order>();
            while (rs.next()) {
                orders.add(new Order(rs.getLong("id"), rs.getLong("user_id"), rs.getString("item"), rs.getLong("total_cents")));
            }
            return orders;
        }
    }

    private Optional<User> first(String sql) throws SQLException {
        return users(sql).stream().findFirst();
    }

    private List<User> users(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            var users = new ArrayList<User>();
            while (rs.next()) {
                users.add(new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                        rs.getString("display_name"), rs.getString("role")));
            }
            return users;
        }
    }

    private static String quote(String text) {
        return text.replace("'", "''");
    }
}
