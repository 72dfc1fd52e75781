package dev.rampart.server.security;

/**
 * A name, or a path, longer than the workspace takes (see {@link Confinement#MAX_NAME_BYTES}):
 * refused before it reaches the disk, where it would fail halfway through a save.
 */
public final class NameTooLongException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param what "name" or "path" */
    NameTooLongException(String what, int limit) {
        super("That " + what + " is too long: a " + what + " may have at most " + limit
                + " bytes in UTF-8 (fewer characters beyond ASCII); shorten it");
    }
}
