package dev.rampart.kata.cors;

/** A wallet as its owner sees it; amounts in cents. */
public record Account(String owner, String email, long balance) {
}
