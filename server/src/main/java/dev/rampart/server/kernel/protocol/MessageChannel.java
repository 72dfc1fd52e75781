package dev.rampart.server.kernel.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Optional;

/**
 * Length-prefixed message frames over a byte channel: a 4-byte big-endian length, then that
 * many bytes of UTF-8 JSON. A length outside {@code 1..MAX_FRAME_BYTES}, a frame cut short, or a
 * body that does not decode is a {@link ProtocolException}; the caller then drops the peer.
 *
 * <p>Reads and writes use the channel directly, never {@code Channels.newInputStream}, whose
 * streams share one lock: a reader blocked waiting for the kernel would block every send.
 * One thread may read while others send; sends are serialised here.
 */
public final class MessageChannel implements AutoCloseable {

    /** Larger than any legitimate message: outputs are chunked well below this by the kernel. */
    public static final int MAX_FRAME_BYTES = 4 << 20;

    private final ByteChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(4);

    public MessageChannel(ByteChannel channel) {
        this.channel = channel;
    }

    /** Sends one message; thread-safe. */
    public void send(Message message) throws IOException {
        var body = Messages.encode(message);
        if (body.length > MAX_FRAME_BYTES) {
            throw new ProtocolException("message too large to send: " + body.length + " bytes");
        }
        var frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        synchronized (this) {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
    }

    /**
     * The next message, or empty when the peer closed the channel between messages. Call from
     * one thread only.
     */
    public Optional<Message> receive() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return Optional.empty();
        }
        int length = header.flip().getInt();
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new ProtocolException("frame length " + length + " is outside 1.." + MAX_FRAME_BYTES);
        }
        var body = ByteBuffer.allocate(length);
        fill(body, false);
        return Optional.of(Messages.decode(body.array()));
    }

    /** Fills the buffer; false on a clean end of stream before the first byte when allowed. */
    private boolean fill(ByteBuffer buffer, boolean endAllowed) throws IOException {
        boolean first = true;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                if (first && endAllowed) {
                    return false;
                }
                throw new ProtocolException("connection closed in the middle of a frame",
                        new EOFException());
            }
            first &= n == 0;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
