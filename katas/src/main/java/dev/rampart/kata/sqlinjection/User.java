package dev.rampart.kata.sqlinjection;

/** An account as the application shows it: never its password hash. */
public record User(long id, String username, String email, String displayName, String role) {
}
