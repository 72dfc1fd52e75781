package dev.rampart.server.kernel.child;

import dev.rampart.server.kernel.protocol.Event.StreamName;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for the process's stdout or stderr: decodes UTF-8 (keeping a character split
 * across two writes whole) and hands the text to {@link Outputs}.
 */
final class CaptureStream extends OutputStream {

    private final Outputs outputs;
    private final StreamName name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    CaptureStream(Outputs outputs, StreamName name) {
        this.outputs = outputs;
        this.name = name;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int at = off;
        int end = off + len;
        while (at < end) {
            int n = Math.min(pending.remaining(), end - at);
            pending.put(b, at, n);
            at += n;
            pending.flip();
            var text = new StringBuilder();
            while (true) {
                chars.clear();
                var result = decoder.decode(pending, chars, false);
                text.append(chars.flip());
                if (!result.isOverflow()) {
                    break;
                }
            }
            pending.compact(); // an incomplete character stays for the next write
            outputs.text(name, text.toString());
        }
    }
}
