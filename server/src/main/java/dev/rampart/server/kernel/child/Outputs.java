package dev.rampart.server.kernel.child;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import dev.rampart.server.kernel.protocol.MessageChannel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Everything the kernel tells the server goes through here, in order: what the learner's code
 * prints (from any thread), rich displays, results and replies.
 *
 * <p>Threads running learner code only add to a lock-free queue; sending is done by this
 * kernel's own threads. That matters twice: on JDK 17, interrupting a cell kills its threads with
 * {@code Thread.stop}, and a thread killed while writing a frame would corrupt the channel; and a
 * tight print loop holding a lock would starve the thread that sends.
 *
 * <p>Each request gets an output budget. Past it, the rest is dropped and one notice says so, so a
 * flood costs the server nothing. Printers wait when too much is queued (back-pressure); queued
 * text is sent every few milliseconds, merged into chunks, so it streams while the cell runs.
 */
final class Outputs {

    private static final int CHUNK_CHARS = 32 * 1024;
    private static final long QUEUE_LIMIT_CHARS = 1 << 20;
    private static final long COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(15);

    private final MessageChannel channel;
    private final long budget;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private final AtomicBoolean truncated = new AtomicBoolean();
    private final Object sendLock = new Object();
    private final Thread flusher;
    private volatile String parent = "";
    private volatile boolean muted;
    private volatile boolean broken;

    Outputs(MessageChannel channel, long budgetChars) {
        this.channel = channel;
        this.budget = budgetChars;
        this.flusher = new Thread(this::flushLoop, "rampart-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    PrintStream stream(StreamName name) {
        return new PrintStream(new CaptureStream(this, name), true, StandardCharsets.UTF_8);
    }

    /** Starts attributing output to a new request, with a fresh budget. */
    void begin(String requestId) {
        flush();
        parent = requestId;
        used.set(0);
        truncated.set(false);
    }

    /** While muted (replaying old snippets), output is dropped. */
    void mute(boolean mute) {
        flush();
        muted = mute;
    }

    String parent() {
        return parent;
    }

    /** Printed text, from whichever thread printed it. */
    void text(StreamName name, String text) {
        if (text.isEmpty() || muted || truncated.get()) {
            return;
        }
        long allowed = admit(text.length());
        if (allowed > 0) {
            enqueue(new Event.Stream(parent, name, allowed < text.length() ? text.substring(0, (int) allowed) : text),
                    allowed);
        }
        if (allowed < text.length()) {
            truncate();
        }
        awaitRoom();
    }

    /** A bundle shown mid-cell. */
    void display(MimeBundle bundle) {
        if (muted || truncated.get()) {
            return;
        }
        long size = bundle.data().values().stream().mapToLong(String::length).sum();
        if (admit(size) < size) {
            truncate();
            return;
        }
        enqueue(new Event.DisplayData(parent, bundle.data()), size);
        awaitRoom();
    }

    /** Sends an event of the kernel's own (a result, a reply) after everything queued before it. */
    void publish(Event event) {
        queue.add(event);
        flush();
    }

    private long admit(long size) {
        long before = used.getAndAdd(size);
        return Math.max(0, Math.min(size, budget - before));
    }

    private void enqueue(Event event, long chars) {
        queue.add(event);
        queuedChars.addAndGet(chars);
        LockSupport.unpark(flusher);
    }

    private void truncate() {
        if (truncated.compareAndSet(false, true)) {
            queue.add(new Event.Stream(parent, StreamName.STDERR, "\n[output truncated: this cell printed more than "
                    + budget + " characters; the rest was dropped]\n"));
            LockSupport.unpark(flusher);
        }
    }

    private void awaitRoom() {
        while (queuedChars.get() > QUEUE_LIMIT_CHARS && !broken) {
            LockSupport.unpark(flusher);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt(); // an interrupted printer stops waiting, keeps the flag
                return;
            }
        }
    }

    /** Sends everything queued so far, merging adjacent text; returns once it is written. */
    void flush() {
        synchronized (sendLock) {
            var batch = new ArrayList<Event>();
            long drained = 0;
            for (Event event = queue.poll(); event != null; event = queue.poll()) {
                drained += size(event);
                var last = batch.isEmpty() ? null : batch.get(batch.size() - 1);
                if (event instanceof Event.Stream s && last instanceof Event.Stream l && l.name() == s.name()
                        && l.parent().equals(s.parent()) && l.text().length() + s.text().length() <= CHUNK_CHARS) {
                    batch.set(batch.size() - 1, new Event.Stream(l.parent(), l.name(), l.text() + s.text()));
                } else {
                    batch.add(event);
                }
            }
            queuedChars.addAndGet(-drained);
            send(batch);
        }
    }

    private void send(List<Event> batch) {
        for (var event : batch) {
            try {
                channel.send(event);
            } catch (IOException e) {
                broken = true; // the server is gone; the reader thread ends the process
                return;
            }
        }
    }

    private static long size(Event event) {
        if (event instanceof Event.Stream s) {
            return s.text().length();
        }
        if (event instanceof Event.DisplayData d) {
            return d.data().values().stream().mapToLong(String::length).sum();
        }
        return 0;
    }

    private void flushLoop() {
        while (!broken) {
            if (queue.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            if (queuedChars.get() < CHUNK_CHARS) {
                LockSupport.parkNanos(this, COALESCE_NANOS); // let a burst of small prints share a frame
            }
            flush();
        }
    }

    static Map<String, String> plain(String text) {
        return Map.of(MimeBundle.PLAIN, text);
    }
}
