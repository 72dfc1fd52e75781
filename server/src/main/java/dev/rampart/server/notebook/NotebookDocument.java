package dev.rampart.server.notebook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An opened notebook.
 *
 * @param entry   where it is
 * @param content the whole notebook, every field kept
 * @param version the version to send back when saving ({@link Versions})
 */
public record NotebookDocument(Entry entry, JsonNode content, String version) {
}
