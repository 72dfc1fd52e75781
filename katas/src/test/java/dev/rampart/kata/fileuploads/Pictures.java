package dev.rampart.kata.fileuploads;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * What a stored image really is, asked of the JDK's own decoders, as any program that shows or
 * thumbnails the file would ask: does it decode as the type its first bytes claim, and how many
 * pixels does it make.
 */
final class Pictures {

    /**
     * Where Pillow, the Python imaging library, refuses to open an image as a decompression bomb
     * ({@code DecompressionBombError}: twice its default {@code MAX_IMAGE_PIXELS} of 89,478,485).
     * An image past it is an attack on whoever decodes it, browsers included.
     */
    static final long BOMB_PIXELS = 2L * 89_478_485;

    /** How far a re-encoded picture may stray from the upload, on average per colour channel (of 255). */
    private static final double SAME_PICTURE = 8;

    private Pictures() {
    }

    /** What is wrong with bytes that claim to be an image of {@code type}: empty when they decode as one. */
    static Optional<String> notAnImage(byte[] bytes, String type) {
        var readers = ImageIO.getImageReadersByMIMEType(type);
        if (!readers.hasNext()) {
            return Optional.of("no decoder for " + type);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > BOMB_PIXELS) {
                // Judged on the header alone: decoding it is the harm.
                return Optional.of("is an image of %,d × %,d pixels in %,d bytes: a decompression bomb for every browser and thumbnailer that shows it"
                        .formatted(width, height, bytes.length));
            }
            reader.read(0);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("begins like " + type + " but does not decode as one (" + e.getMessage() + ")");
        } finally {
            reader.dispose();
        }
    }

    /** The width and height an image's header declares ("4032 × 3024"), read without decoding it. */
    static Optional<String> declaredSize(byte[] bytes) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of(reader.getWidth(0) + " × " + reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The decoded image, or empty if the bytes are no image the JDK reads. */
    static Optional<BufferedImage> decode(byte[] bytes) {
        try {
            return Optional.ofNullable(ImageIO.read(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when both decode to the same picture: the same size, and colours within a few levels
     * on average (a service may encode the pixels again, and JPEG re-encoding shifts them a little).
     */
    static boolean samePicture(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        long difference = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) {
                    difference += Math.abs((p >>> shift & 0xFF) - (q >>> shift & 0xFF));
                }
            }
        }
        return difference <= SAME_PICTURE * 4 * a.getWidth() * a.getHeight();
    }
}
