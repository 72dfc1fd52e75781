package dev.rampart.kata.fileuploads;

import java.util.Arrays;
import java.util.Optional;
import org.apache.tika.mime.MediaType;

/**
 * The allowlist: the only kinds of file the service keeps, each with the one extension it is
 * stored under and the one type it is served with. Anything else is refused, so nothing a
 * server runs or a browser renders as a page can get in by a name nobody thought to block.
 */
enum AcceptedType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    GIF("image/gif", "gif"),
    PDF("application/pdf", "pdf");

    private final MediaType mediaType;
    private final String extension;

    AcceptedType(String mediaType, String extension) {
        this.mediaType = MediaType.parse(mediaType);
        this.extension = extension;
    }

    /** The accepted type Tika detected, if it is one; parameters ({@code ; charset=...}) are ignored. */
    static Optional<AcceptedType> of(MediaType detected) {
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(detected.getBaseType())).findFirst();
    }

    static Optional<AcceptedType> byExtension(String extension) {
        return Arrays.stream(values()).filter(t -> t.extension.equals(extension)).findFirst();
    }

    /** An image is decoded and encoded again before it is kept; a PDF is kept as it came. */
    boolean isImage() {
        return mediaType.getType().equals("image");
    }

    String mediaType() {
        return mediaType.toString();
    }

    String extension() {
        return extension;
    }
}
