package dev.rampart.kata.errorhandling;

import java.sql.SQLException;
import java.util.Optional;

/** Where accounts live; in production a JDBC repository, so every lookup can fail with an {@link SQLException}. */
public interface UserDirectory {

    Optional<User> byName(String name) throws SQLException;

    Optional<User> byId(long id) throws SQLException;
}
