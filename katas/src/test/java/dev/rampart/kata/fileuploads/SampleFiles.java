package dev.rampart.kata.fileuploads;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * The bytes of the files the suite uploads, from the content column of a payload file.
 *
 * <p>The column is either plain bytes, one per character ({@code <html>...},
 * {@code \u007fELF...}: the loader has already decoded {@code \}{@code uXXXX}), or a real file
 * named by a token: {@code {png}}, {@code {jpeg}}, {@code {gif}} (images drawn and encoded by
 * {@link ImageIO}) or {@code {pdf}} (a one-page document). Text after a token rides inside that
 * file's comment, where decoders ignore it and attackers hide code: a PNG {@code tEXt} chunk, a
 * JPEG {@code COM} segment, a GIF comment extension, a PDF {@code %} line. The file stays a
 * valid image or document either way; the comment goes right after the header, where a parser
 * that is not an image decoder meets it first.
 */
final class SampleFiles {

    private static final Pattern TOKEN = Pattern.compile("\\{(png|jpeg|gif|pdf)}(.*)", Pattern.DOTALL);

    private static final Map<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    private SampleFiles() {
    }

    /** The bytes the content column stands for. */
    static byte[] content(String column) {
        var token = TOKEN.matcher(column);
        if (!token.matches()) {
            return column.getBytes(StandardCharsets.ISO_8859_1);
        }
        var comment = token.group(2);
        return switch (token.group(1)) {
            case "png" -> comment.isEmpty() ? png(Color.ORANGE) : pngWithComment(png(Color.ORANGE), comment);
            case "jpeg" -> comment.isEmpty() ? jpeg(Color.BLUE) : jpegWithComment(jpeg(Color.BLUE), comment);
            case "gif" -> comment.isEmpty() ? gif(Color.GREEN) : gifWithComment(gif(Color.GREEN), comment);
            case "pdf" -> pdf(comment);
            default -> throw new IllegalArgumentException(column);
        };
    }

    /** A 16×16 PNG filled with a gradient from {@code color}; different colours give different bytes. */
    static byte[] png(Color color) {
        return encode(color, "png");
    }

    static byte[] jpeg(Color color) {
        return encode(color, "jpeg");
    }

    static byte[] gif(Color color) {
        return encode(color, "gif");
    }

    /** A one-page PDF with a valid cross-reference table; {@code comment} goes on a {@code %} line after the header. */
    static byte[] pdf(String comment) {
        var out = new StringBuilder("%PDF-1.4\n");
        if (!comment.isEmpty()) {
            out.append('%').append(comment).append('\n');
        }
        var objects = new String[] {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"};
        var offsets = new int[objects.length];
        for (int i = 0; i < objects.length; i++) {
            offsets[i] = out.length();
            out.append(i + 1).append(" 0 obj ").append(objects[i]).append(" endobj\n");
        }
        var xref = out.length();
        out.append("xref\n0 ").append(objects.length + 1).append("\n0000000000 65535 f \n");
        for (var offset : offsets) {
            out.append(String.format("%010d 00000 n \n", offset));
        }
        out.append("trailer << /Size ").append(objects.length + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A PNG of exactly {@code size} bytes: a real image, padded with a text chunk. */
    static byte[] pngOfSize(int size) {
        var image = png(Color.MAGENTA);
        var overhead = 12 + "Comment".length() + 1;
        if (size < image.length + overhead) {
            throw new IllegalArgumentException("a PNG needs at least " + (image.length + overhead) + " bytes here");
        }
        var padding = new byte[size - image.length - overhead];
        Arrays.fill(padding, (byte) 'x');
        return pngWithComment(image, new String(padding, StandardCharsets.ISO_8859_1));
    }

    /**
     * A blank page as a black-and-white PNG of {@code width} × {@code height}, written chunk by
     * chunk: one bit a pixel, every row alike, so a huge image deflates to very little. A
     * scanner's page at one size, a decompression bomb at another.
     */
    static byte[] blankPng(int width, int height) {
        return ENCODED.computeIfAbsent("blank/" + width + "x" + height, key -> {
            var header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                    .put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array();
            var pixels = new ByteArrayOutputStream();
            try (var deflater = new DeflaterOutputStream(pixels, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
                var row = new byte[1 + (width + 7) / 8];
                Arrays.fill(row, 1, row.length, (byte) 0xFF);
                for (int y = 0; y < height; y++) {
                    deflater.write(row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            out.writeBytes(chunk("IHDR", header));
            out.writeBytes(chunk("IDAT", pixels.toByteArray()));
            out.writeBytes(chunk("IEND", new byte[0]));
            return out.toByteArray();
        }).clone();
    }

    private static byte[] chunk(String type, byte[] data) {
        var chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        var crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        return chunk.putInt((int) crc.getValue()).array();
    }

    private static byte[] encode(Color color, String format) {
        // Encoding is the slow part of a case; every call with the same arguments gives the same bytes.
        return ENCODED.computeIfAbsent(format + "/" + color.getRGB(), key -> draw(color, format)).clone();
    }

    private static byte[] draw(Color color, String format) {
        var image = format.equals("gif") ? indexed(color) : gradient(color);
        var out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("this JDK has no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static BufferedImage gradient(Color color) {
        var image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                var shade = (x + y) * 4;
                image.setRGB(x, y, new Color(Math.min(255, color.getRed() + shade), Math.max(0, color.getGreen() - shade),
                        color.getBlue()).getRGB());
            }
        }
        return image;
    }

    /**
     * A four-colour image whose palette holds no byte an HTML parser reads as markup ('<', '&'):
     * a GIF's colour table comes before its comment, and the polyglots rely on the comment being
     * the first markup in the file, whatever palette the encoder would have picked.
     */
    private static BufferedImage indexed(Color color) {
        var shades = new Color[] {color, color.darker(), color.brighter(), Color.WHITE};
        var r = new byte[4];
        var g = new byte[4];
        var b = new byte[4];
        for (int i = 0; i < 4; i++) {
            r[i] = plain(shades[i].getRed());
            g[i] = plain(shades[i].getGreen());
            b[i] = plain(shades[i].getBlue());
        }
        var image = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4, r, g, b));
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.getRaster().setSample(x, y, 0, (x / 4 + y / 4) % 4);
            }
        }
        return image;
    }

    private static byte plain(int component) {
        return (byte) (component == '<' || component == '&' ? component + 1 : component);
    }

    /** Inserts a {@code tEXt} chunk (keyword "Comment") right after the IHDR chunk. */
    private static byte[] pngWithComment(byte[] png, String comment) {
        var afterIhdr = 8 + 4 + 4 + 13 + 4;
        return splice(png, afterIhdr, chunk("tEXt", ("Comment\0" + comment).getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Inserts a COM segment right after the start-of-image marker. */
    private static byte[] jpegWithComment(byte[] jpeg, String comment) {
        var data = comment.getBytes(StandardCharsets.ISO_8859_1);
        if (data.length > 65533) {
            throw new IllegalArgumentException("a JPEG comment holds at most 65533 bytes");
        }
        var segment = ByteBuffer.allocate(4 + data.length)
                .put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + data.length)).put(data);
        return splice(jpeg, 2, segment.array());
    }

    /** Inserts a comment extension right after the logical screen descriptor and global colour table. */
    private static byte[] gifWithComment(byte[] gif, String comment) {
        var packed = gif[10] & 0xFF;
        var colourTable = (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;
        var data = comment.getBytes(StandardCharsets.ISO_8859_1);
        var extension = new ByteArrayOutputStream();
        extension.write(0x21);
        extension.write(0xFE);
        for (int at = 0; at < data.length; at += 255) {
            var length = Math.min(255, data.length - at);
            extension.write(length);
            extension.write(data, at, length);
        }
        extension.write(0);
        return splice(gif, 13 + colourTable, extension.toByteArray());
    }

    private static byte[] splice(byte[] file, int at, byte[] inserted) {
        var out = new byte[file.length + inserted.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(file, at, out, at + inserted.length, file.length - at);
        return out;
    }
}
