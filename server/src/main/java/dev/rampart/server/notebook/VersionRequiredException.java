package dev.rampart.server.notebook;

/** An overwrite that does not say which version it was based on, so it could silently lose newer work. */
public final class VersionRequiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public VersionRequiredException() {
        super("Overwriting a file needs the version you opened: send it in If-Match (the ETag of the GET)");
    }
}
