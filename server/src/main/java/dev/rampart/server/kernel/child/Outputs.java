package dev.rampart.server.kernel.child;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import dev.rampart.server.kernel.protocol.MessageChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Map;

/**
 * Everything the kernel tells the server goes through here, in order: what the learner's code
 * prints (from any thread), rich displays, results and replies.
 *
 * <p>Threads running learner code only append to a queue; sending is done by this kernel's own
 * threads. That matters on JDK 17, where interrupting a cell kills its threads with
 * {@code Thread.stop}: a thread killed while writing a frame would corrupt the channel.
 *
 * <p>Each request gets an output budget. Past it, the rest is dropped and one notice says so,
 * so a flood of output costs the server nothing. Printers wait when too much is queued
 * (back-pressure), and text is sent in chunks every few milliseconds so it streams while the
 * cell runs.
 */
final class Outputs {

    private static final int CHUNK_CHARS = 32 * 1024;
    private static final long QUEUE_LIMIT_CHARS = 1 << 20;
    private static final long COALESCE_MILLIS = 15;

    private final MessageChannel channel;
    private final long budget;
    private final Object lock = new Object();
    private final Object sendLock = new Object();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private long queuedChars;
    private String parent = "";
    private long used;
    private boolean truncated;
    private boolean muted;
    private volatile boolean broken;

    Outputs(MessageChannel channel, long budgetChars) {
        this.channel = channel;
        this.budget = budgetChars;
        var flusher = new Thread(this::flushLoop, "rampart-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    PrintStream stream(StreamName name) {
        return new PrintStream(new CaptureStream(this, name), true, StandardCharsets.UTF_8);
    }

    /** Starts attributing output to a new request, with a fresh budget. */
    void begin(String requestId) {
        flush();
        synchronized (lock) {
            parent = requestId;
            used = 0;
            truncated = false;
        }
    }

    /** While muted (replaying old snippets), output is dropped. */
    void mute(boolean mute) {
        flush();
        synchronized (lock) {
            muted = mute;
        }
    }

    String parent() {
        synchronized (lock) {
            return parent;
        }
    }

    /** Printed text, from whichever thread printed it. */
    void text(StreamName name, String text) {
        if (text.isEmpty()) {
            return;
        }
        synchronized (lock) {
            var allowed = admit(text.length());
            if (allowed <= 0) {
                return;
            }
            var kept = allowed < text.length() ? text.substring(0, (int) allowed) : text;
            var last = queue.peekLast();
            if (last instanceof Event.Stream s && s.name() == name && s.parent().equals(parent)
                    && s.text().length() + kept.length() <= CHUNK_CHARS) {
                queue.pollLast();
                queue.addLast(new Event.Stream(parent, name, s.text() + kept));
            } else {
                queue.addLast(new Event.Stream(parent, name, kept));
            }
            queuedChars += kept.length();
            if (allowed < text.length()) {
                noteTruncation();
            }
            lock.notifyAll();
            awaitRoom();
        }
    }

    /** A bundle shown mid-cell. */
    void display(MimeBundle bundle) {
        long size = bundle.data().values().stream().mapToLong(String::length).sum();
        synchronized (lock) {
            if (admit(size) < size) {
                if (!muted) {
                    noteTruncation();
                }
                return;
            }
            queue.addLast(new Event.DisplayData(parent, bundle.data()));
            queuedChars += size;
            lock.notifyAll();
            awaitRoom();
        }
    }

    /** Sends an event of the kernel's own (a result, a reply) after everything queued before it. */
    void publish(Event event) {
        synchronized (lock) {
            queue.addLast(event);
        }
        flush();
    }

    /** How much of {@code size} the budget still allows; 0 when muted or exhausted. */
    private long admit(long size) {
        if (muted || truncated) {
            return 0;
        }
        var allowed = Math.min(size, budget - used);
        used += Math.max(allowed, 0);
        return allowed;
    }

    private void noteTruncation() {
        truncated = true;
        var notice = "\n[output truncated: this cell printed more than " + budget
                + " characters; the rest was dropped]\n";
        queue.addLast(new Event.Stream(parent, StreamName.STDERR, notice));
    }

    private void awaitRoom() {
        while (queuedChars > QUEUE_LIMIT_CHARS && !broken) {
            try {
                lock.wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // an interrupted printer gives up waiting, keeps the flag
                return;
            }
        }
    }

    /** Sends everything queued so far; returns once it is written. */
    void flush() {
        synchronized (sendLock) {
            var batch = new ArrayList<Event>();
            synchronized (lock) {
                batch.addAll(queue);
                queue.clear();
                queuedChars = 0;
                lock.notifyAll();
            }
            for (var event : batch) {
                try {
                    channel.send(event);
                } catch (IOException e) {
                    broken = true; // the server is gone; the reader thread ends the process
                    return;
                }
            }
        }
    }

    private void flushLoop() {
        while (!broken) {
            try {
                synchronized (lock) {
                    while (queue.isEmpty()) {
                        lock.wait();
                    }
                    if (queuedChars < CHUNK_CHARS) {
                        lock.wait(COALESCE_MILLIS); // let a burst of small prints share a frame
                    }
                }
                flush();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static Map<String, String> plain(String text) {
        return Map.of(MimeBundle.PLAIN, text);
    }
}
