package dev.rampart.kata.fileuploads;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body far larger than any heap, made up as it is read: a real image's first bytes,
 * then zeros, {@code length} bytes in all. It counts what the service takes from it, which is
 * the oracle: a service that caps uploads while streaming stops a little past the cap, one that
 * reads first and measures later keeps going.
 *
 * <p>A real client would keep sending until the server stopped reading. This one hangs up
 * (an {@link IOException}, as a dropped connection gives) once {@code hangUpAfter} bytes have
 * been taken, so a service that reads everything fails in milliseconds instead of filling the
 * heap of the JVM running the suite. Skipped bytes count as read ({@link InputStream#skip}
 * reads them): they crossed the network all the same.
 */
final class HugeUpload extends InputStream {

    private final byte[] head;
    private final long length;
    private final long hangUpAfter;
    private long read;

    HugeUpload(byte[] head, long length, long hangUpAfter) {
        this.head = head.clone();
        this.length = length;
        this.hangUpAfter = hangUpAfter;
    }

    /** Bytes the service has taken so far. */
    long bytesRead() {
        return read;
    }

    long length() {
        return length;
    }

    @Override
    public int read() throws IOException {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        if (read >= length) {
            return -1;
        }
        if (read >= hangUpAfter) {
            throw new IOException("the client hung up after sending " + read + " bytes");
        }
        var n = (int) Math.min(count, Math.min(length, hangUpAfter) - read);
        Arrays.fill(buffer, offset, offset + n, (byte) 0);
        if (read < head.length) {
            var fromHead = (int) Math.min(n, head.length - read);
            System.arraycopy(head, (int) read, buffer, offset, fromHead);
        }
        read += n;
        return n;
    }

    @Override
    public int available() {
        return 0;
    }
}
