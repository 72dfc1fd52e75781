package dev.rampart.server.http;

import dev.rampart.server.notebook.KataSources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jupyter's sessions: which kernel serves which open notebook, so reopening a notebook (a
 * reload, a second tab) finds its kernel instead of starting another. A kata's lesson
 * ({@code notebooks/11-sql-injection.ipynb}) gets a kernel bound to that kata, so its cells use
 * the learner's current classes. Thread-safe.
 */
final class NotebookSessions {

    /** A notebook bound to a kernel. */
    record Binding(String id, String path, String name, String type, String kernelId) {
    }

    private final Kernels kernels;
    private final KataSources katas;
    private final Map<String, Binding> byId = new ConcurrentHashMap<>();

    NotebookSessions(Kernels kernels, KataSources katas) {
        this.kernels = kernels;
        this.katas = katas;
    }

    /** The binding for {@code path}, or a new one with a fresh kernel. */
    synchronized Binding open(String path, String name, String type) {
        var existing = byId.values().stream()
                .filter(binding -> binding.path().equals(path) && kernels.find(binding.kernelId()).isPresent())
                .findFirst();
        if (existing.isPresent()) {
            return existing.get();
        }
        var kernel = kernels.start(KernelRoutes.KERNEL_NAME);
        katas.katas().stream().filter(kata -> kata.lesson().equals(path)).findFirst()
                .ifPresent(kata -> kernels.bind(kernel.id(), kata.id()));
        var binding = new Binding(UUID.randomUUID().toString(), path, name, type, kernel.id());
        byId.put(binding.id(), binding);
        return binding;
    }

    /** Bindings whose kernel is still alive. */
    List<Binding> list() {
        byId.values().removeIf(binding -> kernels.find(binding.kernelId()).isEmpty());
        return List.copyOf(byId.values());
    }

    Optional<Binding> find(String id) {
        return Optional.ofNullable(byId.get(id)).filter(binding -> kernels.find(binding.kernelId()).isPresent());
    }

    synchronized Binding move(String id, Optional<String> path, Optional<String> name) {
        var binding = find(id).orElseThrow(NoSuchKernelException::new);
        var moved = new Binding(id, path.orElse(binding.path()), name.orElse(binding.name()), binding.type(), binding.kernelId());
        byId.put(id, moved);
        return moved;
    }

    /** Ends the binding and shuts its kernel down. */
    synchronized void close(String id) {
        var binding = Optional.ofNullable(byId.remove(id)).orElseThrow(NoSuchKernelException::new);
        if (kernels.find(binding.kernelId()).isPresent()) {
            kernels.shutdown(binding.kernelId());
        }
    }
}
