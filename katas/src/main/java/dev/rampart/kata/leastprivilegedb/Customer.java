package dev.rampart.kata.leastprivilegedb;

/** A tenant's customer, as the invoicing screens show it. */
public record Customer(long id, String name, String email, String country) {
}
