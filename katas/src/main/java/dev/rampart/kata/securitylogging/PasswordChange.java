package dev.rampart.kata.securitylogging;

/** A user's request to replace their password, as the account page posts it. */
public record PasswordChange(String username, String currentPassword, String newPassword) {
}
