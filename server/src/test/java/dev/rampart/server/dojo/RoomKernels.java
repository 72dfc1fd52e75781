package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.KernelChannel;
import dev.rampart.server.workspace.KernelEvent;
import dev.rampart.server.workspace.KernelInfo;
import dev.rampart.server.workspace.KernelListener;
import dev.rampart.server.workspace.Kernels;
import dev.rampart.server.workspace.KernelsBusyException;
import dev.rampart.server.workspace.NoSuchKernelException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in kernels for a whole room with a fixed capacity, handing each owner a view of their
 * own kernels only (as {@code ChildKernels} does per owner over the real pool). No JVMs: a cell's
 * run prints the code back.
 */
final class RoomKernels {

    final int capacity;
    final Map<String, String> ownerOf = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger executions = new AtomicInteger();

    RoomKernels(int capacity) {
        this.capacity = capacity;
    }

    Kernels of(String owner) {
        return new Kernels() {
            @Override
            public KernelInfo start(String name) {
                synchronized (RoomKernels.this) {
                    if (ownerOf.size() >= capacity) {
                        throw new KernelsBusyException("All " + capacity + " kernels are in use");
                    }
                    var id = "k" + counter.incrementAndGet();
                    ownerOf.put(id, owner);
                    return info(id);
                }
            }

            @Override
            public List<KernelInfo> list() {
                return ownerOf.entrySet().stream().filter(e -> e.getValue().equals(owner)).map(e -> info(e.getKey())).toList();
            }

            @Override
            public Optional<KernelInfo> find(String id) {
                return owner.equals(ownerOf.get(id)) ? Optional.of(info(id)) : Optional.empty();
            }

            @Override
            public void bind(String id, Kata kata) {
                require(id);
            }

            @Override
            public void shutdown(String id) {
                require(id);
                ownerOf.remove(id);
            }

            @Override
            public KernelInfo restart(String id) {
                require(id);
                return info(id);
            }

            @Override
            public void interrupt(String id) {
                require(id);
            }

            @Override
            public KernelChannel connect(String id, KernelListener listener) {
                require(id);
                return new KernelChannel() {
                    /** Echoes the code back, as a kernel would print and answer. */
                    @Override
                    public void execute(String requestId, String code) {
                        var count = executions.incrementAndGet();
                        listener.on(new KernelEvent.Status(requestId, "busy"));
                        listener.on(new KernelEvent.Stream(requestId, "stdout", "ran: " + code + "\n"));
                        listener.on(new KernelEvent.ExecuteReply(requestId, "ok", count));
                        listener.on(new KernelEvent.Status(requestId, "idle"));
                    }

                    @Override
                    public void complete(String requestId, String code, int cursor) {
                    }

                    @Override
                    public void inspect(String requestId, String code, int cursor) {
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void shutdownAll() {
                ownerOf.values().removeIf(owner::equals);
            }

            private void require(String id) {
                if (!owner.equals(ownerOf.get(id))) {
                    throw new NoSuchKernelException();
                }
            }
        };
    }

    private static KernelInfo info(String id) {
        return new KernelInfo(id, "java", Instant.EPOCH, "idle", 0);
    }
}
