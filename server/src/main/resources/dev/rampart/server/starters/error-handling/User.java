package dev.rampart.kata.errorhandling;

/**
 * An account as the directory stores it.
 *
 * @param passwordHash the stored hash, in whatever format the {@link PasswordCheck} reads
 */
public record User(long id, String name, String displayName, String passwordHash) {
}
