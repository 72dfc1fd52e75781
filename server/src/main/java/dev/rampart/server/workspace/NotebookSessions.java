package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jupyter's sessions: which kernel serves which open notebook, so reopening a notebook (a
 * reload, a second tab) finds its kernel instead of starting another. A kata's lesson
 * ({@code notebooks/11-sql-injection.ipynb}) gets a kernel bound to that kata, so its cells use
 * the learner's current classes; so does a copy of a lesson (a notebook whose metadata says
 * {@code "rampart": {"kata": ...}}), or its cells could not see the kata's classes. Thread-safe.
 */
public final class NotebookSessions {

    /** A notebook bound to a kernel. */
    public record Binding(String id, String path, String name, String type, String kernelId) {
    }

    private final Kernels kernels;
    private final KataSources katas;
    private final NotebookStore notebooks;
    private final Map<String, Binding> byId = new ConcurrentHashMap<>();
    /** Notebooks whose kernel is starting, so a second opening of the same one waits for it instead of starting another. */
    private final Map<String, CompletableFuture<Binding>> opening = new ConcurrentHashMap<>();

    NotebookSessions(Kernels kernels, KataSources katas, NotebookStore notebooks) {
        this.kernels = kernels;
        this.katas = katas;
        this.notebooks = notebooks;
    }

    /**
     * The binding for {@code path}, or a new one with a fresh kernel. No lock is held while a
     * kernel starts (seconds when the pool is empty), so other notebooks open meanwhile; a
     * second opening of the same notebook waits for the first and shares its kernel.
     *
     * @throws dev.rampart.server.security.OutsideWorkspaceException when {@code path} leads out of the workspace
     */
    public Binding open(String path, String name, String type) {
        notebooks.inside(path); // before a kernel starts for it
        var existing = live(path);
        if (existing.isPresent()) {
            return existing.get();
        }
        var mine = new CompletableFuture<Binding>();
        var theirs = opening.putIfAbsent(path, mine);
        if (theirs != null) {
            return outcome(theirs);
        }
        try {
            // A binding is recorded before its opening is removed, so one finished meanwhile is seen here.
            var binding = live(path).orElseGet(() -> {
                var kernel = kernels.start(Kernels.KERNELSPEC);
                kataOf(path).ifPresent(kata -> kernels.bind(kernel.id(), kata));
                var fresh = new Binding(UUID.randomUUID().toString(), path, name, type, kernel.id());
                byId.put(fresh.id(), fresh);
                return fresh;
            });
            mine.complete(binding);
            return binding;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            opening.remove(path, mine);
        }
    }

    private Optional<Binding> live(String path) {
        return byId.values().stream()
                .filter(binding -> binding.path().equals(path) && kernels.find(binding.kernelId()).isPresent())
                .findFirst();
    }

    /** What another opening of the same notebook came to: its binding, or the same refusal (a full room, no kernel). */
    private static Binding outcome(CompletableFuture<Binding> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The kata a notebook belongs to: the lesson's, by path, else the one its metadata names, if the catalogue has it. */
    private Optional<Kata> kataOf(String path) {
        var catalogue = katas.katas();
        var lesson = catalogue.stream().filter(kata -> kata.workspaceLesson().equals(path)).findFirst();
        if (lesson.isPresent()) {
            return lesson;
        }
        String named;
        try {
            named = notebooks.open(path).content().path("metadata").path("rampart").path("kata").asText("");
        } catch (RuntimeException e) {
            // Not a notebook that can be read (yet): it opens with an unbound kernel, as any other.
            return Optional.empty();
        }
        return catalogue.stream().filter(kata -> kata.id().equals(named)).findFirst();
    }

    /** Bindings whose kernel is still alive. */
    public List<Binding> list() {
        byId.values().removeIf(binding -> kernels.find(binding.kernelId()).isEmpty());
        return List.copyOf(byId.values());
    }

    public Optional<Binding> find(String id) {
        return Optional.ofNullable(byId.get(id)).filter(binding -> kernels.find(binding.kernelId()).isPresent());
    }

    public synchronized Binding move(String id, Optional<String> path, Optional<String> name) {
        var binding = find(id).orElseThrow(NoSuchKernelException::new);
        path.ifPresent(notebooks::inside);
        var moved = new Binding(id, path.orElse(binding.path()), name.orElse(binding.name()), binding.type(), binding.kernelId());
        byId.put(id, moved);
        return moved;
    }

    /** Ends the binding and shuts its kernel down. */
    public synchronized void close(String id) {
        var binding = Optional.ofNullable(byId.remove(id)).orElseThrow(NoSuchKernelException::new);
        if (kernels.find(binding.kernelId()).isPresent()) {
            kernels.shutdown(binding.kernelId());
        }
    }
}
