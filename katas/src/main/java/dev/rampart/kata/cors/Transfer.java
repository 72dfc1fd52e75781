package dev.rampart.kata.cors;

/** Money sent from one wallet to another, in cents. */
public record Transfer(String from, String to, long amount) {
}
