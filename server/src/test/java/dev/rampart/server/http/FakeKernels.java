package dev.rampart.server.http;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.KernelChannel;
import dev.rampart.server.workspace.KernelEvent;
import dev.rampart.server.workspace.KernelInfo;
import dev.rampart.server.workspace.KernelListener;
import dev.rampart.server.workspace.Kernels;
import dev.rampart.server.workspace.NoSuchKernelException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory kernels for the HTTP tests: execute echoes the code back as a kernel would. */
final class FakeKernels implements Kernels {

    final Map<String, KernelInfo> running = new ConcurrentHashMap<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    final List<String> restarted = new CopyOnWriteArrayList<>();
    /** {@code kernel id → kata id}, as bound. */
    final Map<String, String> bound = new ConcurrentHashMap<>();
    final Map<String, List<KernelListener>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();
    volatile RuntimeException failure;
    /** When set, the next start waits for it to open (half a minute at most), as a start from an empty pool takes seconds. */
    volatile CountDownLatch holdNextStart;
    /** Counted down when a start takes the hold. */
    volatile CountDownLatch holding = new CountDownLatch(1);

    @Override
    public KernelInfo start(String name) {
        if (failure != null) {
            throw failure;
        }
        var hold = holdNextStart;
        holdNextStart = null;
        if (hold != null) {
            holding.countDown();
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        var kernel = new KernelInfo("k" + ids.incrementAndGet(), name, Instant.now(), "idle", 0);
        running.put(kernel.id(), kernel);
        return kernel;
    }

    @Override
    public List<KernelInfo> list() {
        return new ArrayList<>(running.values());
    }

    @Override
    public Optional<KernelInfo> find(String id) {
        return Optional.ofNullable(running.get(id));
    }

    @Override
    public void bind(String id, Kata kata) {
        find(id).orElseThrow(NoSuchKernelException::new);
        bound.put(id, kata.id());
    }

    @Override
    public void shutdown(String id) {
        if (running.remove(id) == null) {
            throw new NoSuchKernelException();
        }
    }

    @Override
    public KernelInfo restart(String id) {
        var kernel = find(id).orElseThrow(NoSuchKernelException::new);
        restarted.add(id);
        listeners.getOrDefault(id, List.of()).forEach(l -> l.on(new KernelEvent.Status("", "restarting")));
        return kernel;
    }

    @Override
    public void interrupt(String id) {
        find(id).orElseThrow(NoSuchKernelException::new);
        interrupted.add(id);
    }

    @Override
    public KernelChannel connect(String id, KernelListener listener) {
        find(id).orElseThrow(NoSuchKernelException::new);
        listeners.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(listener);
        return new KernelChannel() {
            @Override
            public void execute(String requestId, String code) {
                var count = executions.incrementAndGet();
                listener.on(new KernelEvent.Status(requestId, "busy"));
                listener.on(new KernelEvent.Stream(requestId, "stdout", "ran: " + code));
                listener.on(new KernelEvent.ExecuteResult(requestId, count, Map.of("text/plain", "42")));
                listener.on(new KernelEvent.ExecuteReply(requestId, "ok", count));
                listener.on(new KernelEvent.Status(requestId, "idle"));
            }

            @Override
            public void complete(String requestId, String code, int cursor) {
                listener.on(new KernelEvent.CompleteReply(requestId, List.of("length()", "lines()"), cursor, cursor));
            }

            @Override
            public void inspect(String requestId, String code, int cursor) {
                listener.on(new KernelEvent.InspectReply(requestId, true, Map.of("text/plain", "String")));
            }

            @Override
            public void close() {
                listeners.getOrDefault(id, List.of()).remove(listener);
            }
        };
    }

    @Override
    public void shutdownAll() {
        running.clear();
    }
}
