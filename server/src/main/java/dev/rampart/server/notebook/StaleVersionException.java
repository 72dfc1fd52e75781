package dev.rampart.server.notebook;

/**
 * A save based on an old version of the file: someone (another tab, an editor, {@code git})
 * changed it since it was opened. Nothing was written.
 */
public final class StaleVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String currentVersion;

    public StaleVersionException(String currentVersion) {
        super("The file changed since you opened it, so it was not overwritten: reload it, merge your changes and save again");
        this.currentVersion = currentVersion;
    }

    /** The version now on disk. */
    public String currentVersion() {
        return currentVersion;
    }
}
