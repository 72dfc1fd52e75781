package dev.rampart.kata.inputvalidation;

/** A registered user, as the directory keeps it. */
public record Account(String username, String displayName, String email, int age) {
}
