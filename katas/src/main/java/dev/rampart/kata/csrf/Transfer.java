package dev.rampart.kata.csrf;

/** Money sent from one customer to another, in cents. */
public record Transfer(String from, String to, long amount) {
}
