package dev.rampart.kata.errorhandling;

/** The password hashing scheme in use (bcrypt or Argon2 in production). */
public interface PasswordCheck {

    /** A new hash of {@code password}, with its own salt. */
    String hash(String password);

    /** Whether {@code password} is the one {@code hash} was made from. */
    boolean matches(String password, String hash);
}
