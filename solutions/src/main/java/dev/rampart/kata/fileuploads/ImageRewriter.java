package dev.rampart.kata.fileuploads;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decodes an upload that claims to be an image and encodes its pixels again: what is kept is
 * an image the JDK wrote, never the uploader's bytes. A signature followed by a page, a script
 * in a comment chunk or anything appended after the image's end does not survive, because only
 * the pixels are carried over (OWASP File Upload Cheat Sheet, "image rewriting").
 *
 * <p>Decoding is where an image costs memory, so the size the header declares is checked first:
 * a few hundred kilobytes of PNG can inflate to gigapixels (a decompression bomb). An animated
 * GIF keeps its first frame only, and a photo loses its metadata (EXIF, including its rotation
 * and GPS position): fine for avatars and scans; a gallery would need a rewriter per frame.
 */
final class ImageRewriter {

    /**
     * The most pixels an upload may declare: a 12-megapixel phone photo (4032 × 3024), about
     * 48 MB once decoded. An A4 page scanned at 300 dpi (2480 × 3508) fits too.
     */
    static final long MAX_PIXELS = 4032L * 3024;

    private ImageRewriter() {
    }

    /**
     * The image in {@code file}, decoded as {@code type} and encoded again.
     *
     * @throws UploadRejected if the file does not decode as that type, or declares more pixels
     *                        than {@link #MAX_PIXELS}
     */
    static byte[] rewrite(Path file, AcceptedType type) throws UploadRejected, IOException {
        ImageReader reader = ImageIO.getImageReadersByMIMEType(type.mediaType()).next();
        // A FileImageInputStream, not ImageIO.createImageInputStream: no cache file in java.io.tmpdir.
        try (var in = new FileImageInputStream(file.toFile())) {
            // Metadata (comments, text chunks, EXIF) is not even read: nothing of it is kept.
            reader.setInput(in, true, true);
            BufferedImage image;
            try {
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new UploadRejected("The image is " + reader.getWidth(0) + " × " + reader.getHeight(0)
                            + " pixels; send one of at most " + MAX_PIXELS / 1_000_000 + " megapixels");
                }
                image = reader.read(0);
            } catch (IOException | RuntimeException notAnImage) {
                // The JDK's decoders answer malformed input with IIOException, and sometimes with an
                // unchecked exception: either way the bytes are no image of this type.
                throw new UploadRejected("The file begins like a " + type.extension().toUpperCase(Locale.ROOT)
                        + " image but is not one: send the image itself");
            }
            return encode(image, type);
        } finally {
            reader.dispose();
        }
    }

    private static byte[] encode(BufferedImage image, AcceptedType type) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByMIMEType(type.mediaType()).next();
        var out = new ByteArrayOutputStream();
        try (var stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
