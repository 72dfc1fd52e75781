package dev.rampart.server.notebook;

/**
 * The outcome of a save.
 *
 * @param entry   the file as it now is
 * @param version its new version
 * @param written false when the content was already on disk, so the file was left untouched (byte for byte)
 */
public record SaveResult(Entry entry, String version, boolean written) {
}
