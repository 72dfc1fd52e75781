package dev.rampart.kata.authenticatedencryption;

/** A record this vault cannot open: damaged, changed, or sealed by another vault or for another id. */
public final class UnreadableRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnreadableRecordException(String message) {
        super(message);
    }
}
