package dev.rampart.server.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a kernel's raw stdout and stderr (the JVM's own messages, or whatever learner code
 * wrote to the file descriptors directly), keeping only the last few kilobytes to explain a
 * death. Draining matters: a child blocked on a full pipe would look hung.
 */
final class OutputTail {

    private static final int KEEP = 8 * 1024;

    private final byte[] ring = new byte[KEEP];
    private long written;

    static OutputTail drain(InputStream in, String name) {
        var tail = new OutputTail();
        var thread = new Thread(() -> tail.pump(in), name);
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    private void pump(InputStream in) {
        var buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private synchronized void append(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) (written++ % KEEP)] = buffer[i];
        }
    }

    /** The last bytes written, as text. */
    synchronized String text() {
        int size = (int) Math.min(written, KEEP);
        var out = new byte[size];
        long start = written - size;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(int) ((start + i) % KEEP)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
