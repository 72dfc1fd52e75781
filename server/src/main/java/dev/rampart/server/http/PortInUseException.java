package dev.rampart.server.http;

/** The port asked for is taken by another program. */
public final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PortInUseException(int port, Throwable cause) {
        super("Port " + port + " is in use", cause);
    }
}
