package dev.rampart.server.security;

/** A path that leads out of the workspace: refused, whatever the trick (dots, encodings, symlinks). */
public final class OutsideWorkspaceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String requested;

    public OutsideWorkspaceException(String requested, String reason) {
        super("Refused path (" + reason + "): only files inside the workspace can be used");
        this.requested = requested;
    }

    /** The path as the client sent it: for the security log, never echoed to the client. */
    public String requested() {
        return requested;
    }
}
