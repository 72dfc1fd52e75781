package dev.rampart.kata.sessioncookies;

/** A club member as the account page shows them. */
public record Member(String username, String displayName, String email) {
}
