package dev.rampart.kata.deserialization;

/** A saved cart that cannot be restored: the shopper starts with an empty cart instead. */
public final class InvalidCartException extends Exception {

    public InvalidCartException(String message, Throwable cause) {
        super(message, cause);
    }
}
