package dev.rampart.server.kernel;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.KataRef;
import dev.rampart.server.kernel.protocol.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kernel session: what a notebook talks to. It outlives the process behind it: when that
 * process dies (the learner's {@code System.exit}, an out-of-memory, an interrupt that did not
 * take), the running request fails with the reason and the news that the state is lost, a fresh
 * process takes over, and the session stays bound to its kata.
 *
 * <p>Every method is thread-safe and returns at once; results arrive as {@link Event}s, in order,
 * on a thread of the kernel's, so listeners must be quick (forward to a socket, fill a queue).
 * Requests run one after another, in the order they were made.
 *
 * <p>Get one from {@link Kernels#acquire}; {@link #shutdown()} it when the notebook closes.
 */
public final class Kernel {

    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final String id;
    private final String owner;
    private final Path workspace;
    private final Kernels kernels;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final List<Pending> waiting = new ArrayList<>();
    private volatile Consumer<Event> news = event -> { };
    private volatile Optional<Kata> bound = Optional.empty();
    private volatile long lastUsed = System.nanoTime();
    private KernelProcess process;
    private CompletableFuture<Void> nextReady = new CompletableFuture<>();
    private boolean closed;

    private static final class Pending {
        final Request request;
        final Consumer<Event> listener;
        final CompletableFuture<Event.Reply> reply = new CompletableFuture<>();
        volatile KernelProcess sentTo;
        /** The kernel said it stopped this request on an interrupt: it answers, so it is not killed for it. */
        volatile boolean stopped;
        long output;

        Pending(Request request, Consumer<Event> listener) {
            this.request = request;
            this.listener = listener;
        }
    }

    Kernel(String id, String owner, Path workspace, Kernels kernels, KernelProcess process) {
        this.id = id;
        this.owner = owner;
        this.workspace = workspace;
        this.kernels = kernels;
        adopt(process);
    }

    /** This session's id, unique in the server. */
    public String id() {
        return id;
    }

    public String owner() {
        return owner;
    }

    /** The workspace whose katas this kernel binds to and attacks. */
    public Path workspace() {
        return workspace;
    }

    /** The kata the kernel is bound to, if any. */
    public Optional<Kata> boundKata() {
        return bound;
    }

    /**
     * Where news about the kernel itself goes: {@link Event.KernelDied}, {@link Event.KernelReady}
     * after a restart, and output printed by background threads after their cell ended.
     */
    public void onNews(Consumer<Event> listener) {
        news = listener;
    }

    /**
     * Runs a cell. {@code listener} receives its {@link Event.Stream} output as it is printed,
     * displays, the {@link Event.ExecuteResult} of a last expression left without a semicolon,
     * a {@link Event.Failure} if it failed, and the {@link Event.ExecuteReply} that the returned
     * future also completes with.
     */
    public CompletableFuture<Event.ExecuteReply> execute(String code, Consumer<Event> listener) {
        return submit(new Request.Execute(nextId(), code), listener).thenApply(Event.ExecuteReply.class::cast);
    }

    /** Completion suggestions at {@code cursor} (a char offset into {@code code}). */
    public CompletableFuture<Event.CompleteReply> complete(String code, int cursor) {
        return submit(new Request.Complete(nextId(), code, cursor), event -> { })
                .thenApply(Event.CompleteReply.class::cast);
    }

    /** Documentation of the symbol at {@code cursor}. */
    public CompletableFuture<Event.InspectReply> inspect(String code, int cursor) {
        return submit(new Request.Inspect(nextId(), code, cursor), event -> { })
                .thenApply(Event.InspectReply.class::cast);
    }

    /**
     * Binds the kernel to a kata of its workspace: its sources are compiled now and whenever they
     * change, before the next cell, which then sees the new classes. {@code listener} receives the
     * {@link Event.KataBuild} (with the compiler's errors, placed in the files, if any; a kata
     * whose sources are not in the workspace is such an error).
     */
    public CompletableFuture<Event.BindReply> bind(Kata kata, Consumer<Event> listener) {
        bound = Optional.of(kata);
        return submit(bindRequest(kata), listener).thenApply(Event.BindReply.class::cast);
    }

    /**
     * Runs a kata's attack suite against the learner's current sources in the workspace:
     * {@link Event.CaseStarted} and {@link Event.CaseFinished} for every case, as they happen, then
     * the {@link Event.AttacksReply} tally.
     */
    public CompletableFuture<Event.AttacksReply> runAttacks(Kata kata, Consumer<Event> listener) {
        var request = new Request.RunAttacks(nextId(), KataRef.of(kata), kernels.seenByKernels(workspace).toString(),
                kernels.suiteClasses().toString());
        return submit(request, listener).thenApply(Event.AttacksReply.class::cast);
    }

    /**
     * Stops the running cell (or attack run) and drops the queued ones. JShell's stop ends a
     * busy loop within milliseconds; code that does not stop within the grace period gets the
     * process killed, and the cell's output says the state was lost.
     */
    public void interrupt() {
        KernelProcess current;
        List<Pending> running;
        synchronized (this) {
            current = process;
            if (current == null) {
                return;
            }
            running = pending.values().stream()
                    .filter(p -> p.sentTo == current)
                    .filter(p -> p.request instanceof Request.Execute || p.request instanceof Request.RunAttacks)
                    .toList();
        }
        if (running.isEmpty()) {
            return;
        }
        try {
            current.send(new Request.Interrupt(nextId()));
        } catch (IOException e) {
            current.kill("lost its connection (" + e.getMessage() + ")");
            return;
        }
        long grace = kernels.settings().timeouts().interruptGrace().toMillis();
        kernels.scheduler().schedule(() -> {
            // Killed only if nothing it ran has stopped: on a loaded machine the stopped cell's
            // reply can come after the grace, and killing a kernel that did stop would lose its
            // state for nothing (and have the cell say "Interrupted", then the state was lost).
            if (current.alive() && running.stream().noneMatch(p -> p.stopped)
                    && running.stream().anyMatch(p -> pending.containsKey(p.request.id()))) {
                current.kill("did not stop within " + seconds(grace) + " of being interrupted, so it was restarted");
            }
        }, grace, TimeUnit.MILLISECONDS);
    }

    /**
     * Replaces the process with a fresh one: variables, methods and imports are gone; the kata
     * binding stays. Completes when the new process is ready.
     */
    public CompletableFuture<Void> restart() {
        KernelProcess current;
        CompletableFuture<Void> ready;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("Kernel " + id + " was shut down"));
            }
            current = process;
            ready = nextReady;
        }
        if (current != null) {
            current.kill("was restarted on request");
        }
        return ready;
    }

    /** Ends the session and its process. Pending requests fail. Idempotent. */
    public void shutdown() {
        close("it was shut down");
    }

    /** Whether a cell or an attack run is under way. */
    public boolean isBusy() {
        return pending.values().stream()
                .anyMatch(p -> p.request instanceof Request.Execute || p.request instanceof Request.RunAttacks);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** When a request was last made. */
    public Instant lastUsed() {
        return Instant.now().minusNanos(System.nanoTime() - lastUsed);
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    /** The current process id, for diagnostics and tests; empty while it restarts. */
    public synchronized Optional<Long> pid() {
        return Optional.ofNullable(process).map(KernelProcess::pid);
    }

    // ---- internals -----------------------------------------------------------------------------

    private Request.Bind bindRequest(Kata kata) {
        return new Request.Bind(nextId(), KataRef.of(kata), kernels.seenByKernels(workspace).toString());
    }

    private String nextId() {
        return id + "-" + ids.incrementAndGet();
    }

    private CompletableFuture<Event.Reply> submit(Request request, Consumer<Event> listener) {
        var entry = new Pending(request, listener);
        KernelProcess target;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "Kernel " + id + " was shut down; acquire a new one"));
            }
            lastUsed = System.nanoTime();
            pending.put(request.id(), entry);
            target = process;
            if (target == null || !target.alive()) {
                // Sent when the replacement process is ready; never to one being killed, where
                // it would only fail with the news that the state was lost.
                waiting.add(entry);
                return entry.reply;
            }
            entry.sentTo = target;
        }
        send(target, entry);
        return entry.reply;
    }

    private void send(KernelProcess target, Pending entry) {
        try {
            target.send(entry.request);
        } catch (IOException e) {
            target.kill("lost its connection (" + e.getMessage() + ")");
        }
    }

    /** Takes a ready process: its events come here, its death restarts this session. */
    private void adopt(KernelProcess fresh) {
        List<Pending> queued;
        CompletableFuture<Void> ready;
        synchronized (this) {
            if (closed) {
                fresh.shutdown("the kernel was shut down", 1000);
                return;
            }
            process = fresh;
            fresh.attach(event -> dispatch(fresh, event));
            fresh.death().thenAccept(reason -> died(fresh, reason));
            queued = List.copyOf(waiting);
            waiting.clear();
            queued.forEach(p -> p.sentTo = fresh);
            ready = nextReady;
            nextReady = new CompletableFuture<>();
        }
        bound.ifPresent(kata -> {
            var rebind = new Pending(bindRequest(kata), event -> { });
            rebind.sentTo = fresh;
            pending.put(rebind.request.id(), rebind);
            send(fresh, rebind);
        });
        queued.forEach(p -> send(fresh, p));
        ready.complete(null);
    }

    private void dispatch(KernelProcess from, Event event) {
        var entry = pending.get(event.parent());
        if (entry == null) {
            news.accept(event); // background output, or a stray event after its request ended
            return;
        }
        if (from.killed() && (event instanceof Event.Failure || event instanceof Event.Reply)) {
            // Once the kernel is being killed, its death is the request's outcome, told once: an
            // "Interrupted" that arrives late (a loaded machine) would otherwise precede "the kernel
            // was restarted and its state lost" in the same cell.
            return;
        }
        if (event instanceof Event.Failure failure && failure.ename().equals("Interrupted")) {
            entry.stopped = true;
        }
        if (event instanceof Event.Stream || event instanceof Event.DisplayData || event instanceof Event.ExecuteResult) {
            entry.output += size(event);
            long allowed = 2 * kernels.settings().limits().maxOutputPerCell() + 64 * 1024;
            if (entry.output > allowed) {
                // The kernel truncates output itself; past twice its budget it is not behaving.
                from.kill("printed far more than the output limit of " + kernels.settings().limits().maxOutputPerCell()
                        + " characters per cell");
                return;
            }
        }
        entry.listener.accept(event);
        if (event instanceof Event.Reply reply) {
            pending.remove(event.parent());
            entry.reply.complete(reply);
        }
    }

    private static long size(Event event) {
        if (event instanceof Event.Stream s) {
            return s.text().length();
        }
        var data = event instanceof Event.DisplayData d ? d.data() : ((Event.ExecuteResult) event).data();
        return data.values().stream().mapToLong(String::length).sum();
    }

    /** The process behind this session ended: fail what it held, say why, start a fresh one. */
    private void died(KernelProcess dead, String reason) {
        List<Pending> lost;
        boolean restarting;
        synchronized (this) {
            if (process != dead) {
                return;
            }
            process = null;
            restarting = !closed;
            lost = pending.values().stream().filter(p -> p.sentTo == dead).toList();
            lost.forEach(p -> pending.remove(p.request.id()));
        }
        var told = "The kernel " + reason + ". Its state (variables, methods, imports) was lost"
                + (restarting ? "; a fresh kernel is starting." : ".");
        LOG.info("Kernel {} of {}: {}", id, owner, told);
        for (var p : lost) {
            fail(p, reason, told);
        }
        // Said once: where a running cell already says it, the news names that cell instead of repeating it.
        var explainedBy = lost.stream().filter(Kernel::toldInItsCell).map(p -> p.request.id()).findFirst().orElse("");
        news.accept(new Event.KernelDied(explainedBy, told, restarting));
        if (restarting) {
            kernels.replace(this);
        }
    }

    private static boolean toldInItsCell(Pending p) {
        return p.request instanceof Request.Execute || p.request instanceof Request.RunAttacks;
    }

    private static void fail(Pending p, String reason, String told) {
        var parent = p.request.id();
        try {
            if (p.request instanceof Request.Execute || p.request instanceof Request.RunAttacks
                    || p.request instanceof Request.Bind) {
                p.listener.accept(new Event.Failure(parent, "KernelDied", told, List.of(told), List.of()));
            }
            var reply = replyFor(p.request, reason);
            p.listener.accept(reply);
            p.reply.complete(reply);
        } catch (RuntimeException e) {
            p.reply.completeExceptionally(e);
        }
    }

    private static Event.Reply replyFor(Request request, String reason) {
        var id = request.id();
        if (request instanceof Request.Execute) {
            return new Event.ExecuteReply(id, Status.ERROR, 0);
        } else if (request instanceof Request.Complete c) {
            return new Event.CompleteReply(id, List.of(), c.cursor(), c.cursor());
        } else if (request instanceof Request.Inspect) {
            return new Event.InspectReply(id, false, Map.of());
        } else if (request instanceof Request.Bind) {
            return new Event.BindReply(id, Status.ERROR);
        } else if (request instanceof Request.RunAttacks run) {
            return new Event.AttacksReply(id, Status.ERROR, run.kata().id(), 0, 0, 0, 0, 0, "The kernel " + reason);
        }
        return new Event.ShutdownReply(id);
    }

    /** Called by {@link Kernels} with a replacement process, or to say none could be had. */
    void replaced(Optional<KernelProcess> fresh, String whyNot) {
        if (fresh.isPresent()) {
            adopt(fresh.get());
            news.accept(fresh.get().ready());
        } else {
            close("no fresh kernel could be started: " + whyNot);
        }
    }

    void close(String reason) {
        KernelProcess current;
        List<Pending> lost;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = process;
            process = null;
            lost = List.copyOf(pending.values());
            pending.clear();
            waiting.clear();
            nextReady.completeExceptionally(new IllegalStateException(reason));
        }
        kernels.released(this);
        var told = "The kernel is gone: " + reason + ".";
        lost.forEach(p -> fail(p, reason, told));
        if (current != null) {
            current.shutdown(reason, 1000);
        }
        news.accept(new Event.KernelDied("", told, false));
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public String toString() {
        return "kernel session " + id + " of " + owner;
    }
}
