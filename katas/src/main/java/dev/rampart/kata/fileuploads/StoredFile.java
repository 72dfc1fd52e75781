package dev.rampart.kata.fileuploads;

/**
 * What the service answers to an upload.
 *
 * @param id          what to ask {@link UploadService#serve(String)} for to get the file back
 * @param name        the file's name as the person who uploaded it called it, for display
 * @param contentType the file's type
 * @param size        its length in bytes
 */
public record StoredFile(String id, String name, String contentType, long size) {
}
