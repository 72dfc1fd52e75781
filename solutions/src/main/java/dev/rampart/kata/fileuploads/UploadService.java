package dev.rampart.kata.fileuploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;

/**
 * Keeps the files people attach to their profile and their support tickets (avatars, photos,
 * scanned documents) and hands them back: the handlers behind {@code POST /uploads} and
 * {@code GET /uploads/{id}}.
 *
 * <p>The uploader's file name and Content-Type are claims, and nothing here trusts them: the
 * size is capped while the body streams in, the type is read from the bytes (Apache Tika's
 * magic-number detection) and checked against an allowlist, an image is decoded and encoded
 * again so that only its pixels are kept (a signature proves what a file starts with, not what
 * follows), the file is stored under a random name the service chooses, and it goes back out
 * with the detected type, {@code nosniff} and {@code attachment}, so no browser opens it as a
 * page of this site.
 */
public final class UploadService {

    /** What {@link #store} hands out: 128 random bits in URL-safe Base64, and the detected type's extension. */
    private static final Pattern STORED_ID = Pattern.compile("[A-Za-z0-9_-]{22}\\.([a-z]+)");
    /** Characters that change how a name reads on screen: controls, and the bidirectional overrides ("avatar\u202Egnp.exe"). */
    private static final Pattern UNDISPLAYABLE = Pattern.compile("[\\p{Cc}\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]");
    private static final int DISPLAY_NAME_LIMIT = 255;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Tika's facade is thread-safe; built once, because loading its type registry takes a while. */
    private static final Tika TIKA = new Tika();

    private final Path folder;
    private final long maxBytes;

    /**
     * @param folder   where uploaded files are kept
     * @param maxBytes the largest upload accepted, in bytes
     * @throws IllegalArgumentException if the cap is not a positive size
     */
    public UploadService(Path folder, long maxBytes) {
        if (maxBytes <= 0 || maxBytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("The upload cap must be a positive number of bytes, not " + maxBytes);
        }
        this.folder = folder.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /**
     * Stores one uploaded file.
     *
     * @param fileName    the name the browser sent with the file; kept for display only
     * @param contentType the type the browser sent with the file; ignored, the bytes decide
     * @param content     the request body; read here, closed by the caller
     * @return what was stored, with the id to serve it back by
     * @throws UploadRejected if the file is empty, too large, or not a PNG, JPEG, GIF or PDF
     *                        (an image must decode, within {@link ImageRewriter#MAX_PIXELS})
     */
    public StoredFile store(String fileName, String contentType, InputStream content) throws UploadRejected, IOException {
        // Staged beside its final place, under a name of ours, so the final step is a rename.
        Path staging = Files.createTempFile(folder, ".upload-", ".part");
        try {
            long size = copyCapped(content, staging);
            if (size == 0) {
                throw new UploadRejected("The file is empty: choose an image (PNG, JPEG, GIF) or a PDF document");
            }
            MediaType detected = detect(staging);
            AcceptedType type = AcceptedType.of(detected).orElseThrow(() -> new UploadRejected(
                    "Only PNG, JPEG and GIF images and PDF documents can be uploaded; this file's content is " + detected));
            if (type.isImage()) {
                // What is kept is the image the JDK encodes from the decoded pixels, not the upload.
                Files.write(staging, ImageRewriter.rewrite(staging, type));
            }
            String id = randomName() + "." + type.extension();
            // No REPLACE_EXISTING: a move that would replace a file fails instead, so no upload
            // ever overwrites another, even in the (2^-128) event of a clash.
            Path stored = Files.move(staging, folder.resolve(id));
            return new StoredFile(id, displayName(fileName), type.mediaType(), Files.size(stored));
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /**
     * Reads a stored file back, ready to send.
     *
     * @param id the id {@link #store} answered
     * @throws NoSuchFileException if there is no such file, or the id is not one this service gives out
     */
    public Download serve(String id) throws IOException {
        Optional<AcceptedType> type = Optional.of(STORED_ID.matcher(id)).filter(Matcher::matches)
                .flatMap(m -> AcceptedType.byExtension(m.group(1)));
        if (type.isEmpty()) {
            // Only ids of the shape store() makes: no "..", no "/", nothing to resolve elsewhere.
            throw new NoSuchFileException(id, null, "not a file this service stored");
        }
        byte[] body;
        try (InputStream in = Files.newInputStream(folder.resolve(id), LinkOption.NOFOLLOW_LINKS)) {
            body = in.readAllBytes();
        }
        return new Download(Map.of(
                // The type detected at upload, which the extension records; never the uploader's claim.
                "Content-Type", type.get().mediaType(),
                // Browsers must not second-guess that type by sniffing the bytes.
                "X-Content-Type-Options", "nosniff",
                // Opening the link downloads the file instead of showing it in this site's origin;
                // <img src> still displays an avatar served this way.
                "Content-Disposition", "attachment; filename=\"" + id + "\"",
                // And if a browser shows it anyway, nothing in it may run.
                "Content-Security-Policy", "default-src 'none'; sandbox"), body);
    }

    /**
     * Copies the body to {@code staging}, reading one byte past the cap at most: enough to know
     * the upload is too large, however large it really is. {@link BoundedInputStream} never asks
     * the request for more than that, so a 16 GiB body costs no more than the cap.
     */
    private long copyCapped(InputStream content, Path staging) throws IOException, UploadRejected {
        try (var capped = BoundedInputStream.builder()
                        .setInputStream(content)
                        .setMaxCount(maxBytes + 1)
                        .setPropagateClose(false)
                        .get();
                var out = Files.newOutputStream(staging)) {
            capped.transferTo(out);
            if (capped.getCount() > maxBytes) {
                throw new UploadRejected("The file is larger than the limit of " + maxBytes + " bytes: send a smaller one");
            }
            return capped.getCount();
        }
    }

    /** The type the bytes say, by their signatures; Tika is not told the name, so the name cannot sway it. */
    private static MediaType detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return MediaType.parse(TIKA.detect(in));
        }
    }

    private static String randomName() {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The name shown in lists: its last segment, without characters that disguise it. Never used on disk. */
    private static String displayName(String fileName) {
        if (fileName == null) {
            return "upload";
        }
        var last = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        var visible = UNDISPLAYABLE.matcher(last).replaceAll("").strip();
        if (visible.codePointCount(0, visible.length()) > DISPLAY_NAME_LIMIT) {
            visible = visible.substring(0, visible.offsetByCodePoints(0, DISPLAY_NAME_LIMIT));
        }
        return visible.isEmpty() ? "upload" : visible;
    }
}
