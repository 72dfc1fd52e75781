package dev.rampart.kata.securityheaders;

/** The signed-in member, as the account pages show them. */
public record Member(String name, String email, String iban) {
}
