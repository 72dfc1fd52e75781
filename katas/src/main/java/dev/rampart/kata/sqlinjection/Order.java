package dev.rampart.kata.sqlinjection;

/** One order a customer placed. */
public record Order(long id, long customerId, String item, long totalCents) {
}
