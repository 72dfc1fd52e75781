package dev.rampart.server.notebook;

import java.time.Instant;

/**
 * A file or folder of the workspace, as listings show it.
 *
 * @param name         the last path segment
 * @param path         {@code /}-separated, relative to the workspace ({@code ""} for the workspace)
 * @param type         folder, notebook or other file
 * @param created      when it was created (the modification time where the file system does not say)
 * @param lastModified when its content last changed
 * @param size         bytes on disk (0 for folders)
 */
public record Entry(String name, String path, EntryType type, Instant created, Instant lastModified, long size) {
}
