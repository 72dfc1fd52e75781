package dev.rampart.kata.csrf;

/** A customer's account as the bank keeps it; the balance in cents. */
public record Account(String owner, String email, long balance) {
}
