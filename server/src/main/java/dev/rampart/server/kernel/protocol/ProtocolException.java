package dev.rampart.server.kernel.protocol;

import java.io.IOException;

/**
 * The other end broke the protocol: a frame of an impossible size, a message that does not
 * decode, a message of the wrong kind. The connection cannot be trusted after this.
 */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
