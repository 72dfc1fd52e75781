package dev.rampart.kata.xxe;

/** An upload that is not a readable order; the message is shown to the partner who sent it. */
public final class InvalidOrderException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidOrderException(String message, Throwable cause) {
        super(message, cause);
    }
}
