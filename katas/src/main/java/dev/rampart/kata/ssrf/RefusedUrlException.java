package dev.rampart.kata.ssrf;

import java.io.IOException;

/** The link cannot be previewed; the message is safe to show the user who pasted it. */
public class RefusedUrlException extends IOException {

    private static final long serialVersionUID = 1L;

    public RefusedUrlException(String message) {
        super(message);
    }
}
