package dev.rampart.server.notebook;

import java.time.Instant;

/**
 * One of a kata's source files in the learner's workspace.
 *
 * @param kata         the kata's id
 * @param name         the file name, e.g. {@code FileServer.java}
 * @param content      its text (UTF-8)
 * @param version      the version to send back when saving
 * @param lastModified when it last changed
 */
public record SourceFile(String kata, String name, String content, String version, Instant lastModified) {
}
