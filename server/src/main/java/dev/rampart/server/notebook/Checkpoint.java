package dev.rampart.server.notebook;

import java.time.Instant;

/**
 * A saved copy of a file to go back to. Like Jupyter, one per file, named {@code checkpoint}.
 *
 * @param id           the checkpoint's id ({@code checkpoint})
 * @param lastModified when it was taken
 */
public record Checkpoint(String id, Instant lastModified) {
}
