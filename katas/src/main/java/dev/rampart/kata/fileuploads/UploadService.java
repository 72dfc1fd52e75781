package dev.rampart.kata.fileuploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the files people attach to their profile and their support tickets (avatars, photos,
 * scanned documents) and hands them back: the handlers behind {@code POST /uploads} and
 * {@code GET /uploads/{id}}.
 */
public final class UploadService {

    private static final Set<String> BLOCKED_EXTENSIONS = Set.of("php", "jsp", "asp", "aspx", "exe", "sh", "bat", "js", "html", "htm");

    private final Path folder;
    private final long maxBytes;
    private final Map<String, String> contentTypes = new ConcurrentHashMap<>();

    /**
     * @param folder   where uploaded files are kept
     * @param maxBytes the largest upload accepted, in bytes
     */
    public UploadService(Path folder, long maxBytes) {
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    /**
     * Stores one uploaded file.
     *
     * @param fileName    the name the browser sent with the file
     * @param contentType the type the browser sent with the file
     * @param content     the request body; read here, closed by the caller
     * @return what was stored, with the id to serve it back by
     * @throws UploadRejected if the file is not an image or a PDF, or is too large
     */
    public StoredFile store(String fileName, String contentType, InputStream content) throws UploadRejected, IOException {
        if (contentType == null || !(contentType.startsWith("image/") || contentType.equals("application/pdf"))) {
            throw new UploadRejected("Only images and PDF documents can be uploaded, not " + contentType);
        }
        String extension = fileName.substring(fileName.lastIndexOf('.') + 1);
        if (BLOCKED_EXTENSIONS.contains(extension)) {
            throw new UploadRejected("." + extension + " files cannot be uploaded");
        }
        byte[] bytes = content.readAllBytes();
        if (bytes.length > maxBytes) {
            throw new UploadRejected(fileName + " is larger than the limit of " + maxBytes + " bytes");
        }
        String name = onDiskName(fileName);
        Files.write(folder.resolve(name), bytes);
        contentTypes.put(name, contentType);
        return new StoredFile(name, fileName, contentType, bytes.length);
    }

    /**
     * Reads a stored file back, ready to send.
     *
     * @param id the id {@link #store} answered
     * @throws java.nio.file.NoSuchFileException if there is no such file
     */
    public Download serve(String id) throws IOException {
        byte[] bytes = Files.readAllBytes(folder.resolve(id));
        String type = contentTypes.getOrDefault(id, "application/octet-stream");
        return new Download(Map.of(
                "Content-Type", type,
                "Content-Disposition", "inline; filename=\"" + id + "\""), bytes);
    }

    /** Some clients send names with stray control characters, which file systems refuse. */
    private static String onDiskName(String fileName) {
        return fileName.replaceAll("\\p{Cntrl}", "");
    }
}
