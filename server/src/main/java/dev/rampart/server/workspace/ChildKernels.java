package dev.rampart.server.workspace;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.Kernel;
import dev.rampart.server.kernel.KernelLimitException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Kernels} backed by real kernels: child JVMs from {@link dev.rampart.server.kernel.Kernels},
 * all held by one owner (the learner this server belongs to) over one workspace, whose katas
 * they bind to and compile. Learner code never runs in this JVM.
 *
 * <p>The kernels' events arrive on their own threads; a browser that went away must never
 * throw back into them (that would cost the learner their kernel), so every listener is called
 * through {@link SafeListener}.
 */
public final class ChildKernels implements Kernels {

    private static final Logger LOG = LoggerFactory.getLogger(ChildKernels.class);

    private final dev.rampart.server.kernel.Kernels kernels;
    private final String owner;
    private final Path workspace;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /**
     * @param kernels   the started kernels (this adapter closes them in {@link #shutdownAll()})
     * @param owner     whose kernels these are, for the per-owner limit
     * @param workspace the folder of the katas the kernels bind to
     */
    public ChildKernels(dev.rampart.server.kernel.Kernels kernels, String owner, Path workspace) {
        this.kernels = kernels;
        this.owner = owner;
        this.workspace = workspace;
    }

    @Override
    public KernelInfo start(String name) {
        Kernel kernel;
        try {
            kernel = kernels.acquire(owner, workspace);
        } catch (KernelLimitException e) {
            throw new KernelsBusyException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new KernelUnavailableException(e.getMessage());
        }
        var session = new Session(kernel);
        kernel.onNews(event -> KernelEvents.ofNews(event).forEach(session::broadcast));
        sessions.put(kernel.id(), session);
        return session.info();
    }

    @Override
    public List<KernelInfo> list() {
        return live().map(Session::info).toList();
    }

    @Override
    public Optional<KernelInfo> find(String id) {
        return session(id).map(Session::info);
    }

    @Override
    public void bind(String id, Kata kata) {
        require(id).kernel.bind(kata, event -> { });
    }

    @Override
    public void shutdown(String id) {
        var session = require(id);
        sessions.remove(id);
        session.kernel.shutdown();
    }

    @Override
    public KernelInfo restart(String id) {
        var session = require(id);
        var wait = kernels.settings().timeouts().start().plus(Duration.ofSeconds(5));
        try {
            session.kernel.restart().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KernelUnavailableException("The kernel could not restart: " + rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelUnavailableException("Interrupted while the kernel restarted");
        }
        return session.info();
    }

    @Override
    public void interrupt(String id) {
        require(id).kernel.interrupt();
    }

    @Override
    public KernelChannel connect(String id, KernelListener listener) {
        var session = require(id);
        var safe = new SafeListener(listener, id);
        session.listeners.add(safe);
        return new ChildKernelChannel(session.kernel, safe, () -> session.listeners.remove(safe));
    }

    @Override
    public void shutdownAll() {
        sessions.clear();
        kernels.close();
    }

    private Optional<Session> session(String id) {
        var session = sessions.get(id);
        if (session != null && session.kernel.isClosed()) {
            sessions.remove(id); // reaped for idleness, or no fresh process could be started
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    private Session require(String id) {
        return session(id).orElseThrow(NoSuchKernelException::new);
    }

    private java.util.stream.Stream<Session> live() {
        return sessions.keySet().stream().map(this::session).flatMap(Optional::stream);
    }

    private static String rootMessage(Throwable e) {
        var cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** A kernel and the sockets attached to it. */
    private static final class Session {
        final Kernel kernel;
        final List<SafeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

        Session(Kernel kernel) {
            this.kernel = kernel;
        }

        void broadcast(KernelEvent event) {
            listeners.forEach(listener -> listener.on(event));
        }

        KernelInfo info() {
            return new KernelInfo(kernel.id(), KERNELSPEC, kernel.lastUsed(), state(), listeners.size());
        }

        private String state() {
            if (kernel.isClosed()) {
                return "dead";
            } else if (kernel.pid().isEmpty()) {
                return "restarting";
            }
            return kernel.isBusy() ? "busy" : "idle";
        }
    }

    /** Calls a listener, and only logs what it throws: a closed socket is no reason to kill a kernel. */
    static final class SafeListener implements KernelListener {
        private final KernelListener listener;
        private final String kernelId;

        SafeListener(KernelListener listener, String kernelId) {
            this.listener = listener;
            this.kernelId = kernelId;
        }

        @Override
        public void on(KernelEvent event) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.debug("A socket of kernel {} did not take {}", kernelId, event.getClass().getSimpleName(), e);
            }
        }
    }
}
