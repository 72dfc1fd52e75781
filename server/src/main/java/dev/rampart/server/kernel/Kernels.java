package dev.rampart.server.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's kernels: a warm pool, the sessions handed out from it, their limits, and their
 * end. The one entry point of this package:
 *
 * <pre>{@code
 * var kernels = Kernels.start(KernelSettings.defaults());   // once, at server start
 * var kernel = kernels.acquire("learner", workspace);        // a notebook opens: ~1 ms
 * kernel.bind("path-traversal", events::add);
 * kernel.execute("var x = 6 * 7;\nx", events::add);
 * kernels.close();                                           // at server stop (also on Ctrl-C)
 * }</pre>
 *
 * <p>Learner code never runs in the server's JVM: each kernel is a child JVM. Sessions that stay
 * idle past {@link KernelSettings.Timeouts#idle()} are shut down. A shutdown hook stops every
 * kernel if the server exits without {@link #close()}, and each kernel also exits by itself when
 * the server's process is gone, so no JVM is left behind.
 *
 * <p>Thread-safe.
 */
public final class Kernels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);

    private final KernelSettings settings;
    private final Path base;
    private final ScheduledExecutorService scheduler;
    private final Spawner spawner = new Spawner();
    private final KernelSandbox sandbox;
    private final KernelClassData classData;
    private final LocalKernelLauncher launcher;
    private final KernelPool pool;
    private final Map<String, Kernel> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Thread hook;
    private volatile Path suiteClasses;
    private volatile boolean closed;

    private Kernels(KernelSettings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.launch().workDir());
        this.base = Files.createTempDirectory(settings.launch().workDir(), "rampart-");
        restrict(base);
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            var thread = new Thread(r, "kernels-timer");
            thread.setDaemon(true);
            return thread;
        });
        var suites = Files.createDirectory(base.resolve("suites"));
        var folders = base.resolve("kernels");
        this.classData = KernelClassData.open(settings, base);
        this.sandbox = BubblewrapSandbox.open(settings.launch().isolation(), LocalKernelLauncher.readOnly(settings, suites, classData),
                base, folders, spawner, settings.timeouts().start());
        this.launcher = new LocalKernelLauncher(settings, Files.createDirectories(folders), scheduler, sandbox, spawner, classData);
        this.pool = new KernelPool(launcher, settings.pool().size(), sessions::size, settings.pool().maxKernels());
        this.hook = new Thread(this::closeNow, "kernels-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long every = Math.max(50, Math.min(settings.timeouts().idle().toMillis() / 4, 30_000));
        scheduler.scheduleWithFixedDelay(this::reapIdle, every, every, TimeUnit.MILLISECONDS);
        warnIfAttachable();
    }

    /**
     * Starts the pool filling in the background and returns at once.
     *
     * @throws IllegalStateException if the kernels' class path is incomplete (build first)
     */
    public static Kernels start(KernelSettings settings) {
        try {
            var kernels = new Kernels(settings);
            kernels.pool.fill();
            kernels.trainClassData();
            return kernels;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the kernels' folder in " + settings.launch().workDir(), e);
        }
    }

    /**
     * Writes the class data kernels share, if this build and JDK have none yet, with a kernel of
     * the server's own: outside the sandbox, since only the server's cell runs in it.
     */
    private void trainClassData() {
        classData.trainInBackground(archiveOption -> {
            var training = settings.with(settings.launch().withJvmOptions(
                    Stream.concat(settings.launch().jvmOptions().stream(), archiveOption.stream()).toList()));
            try {
                return new LocalKernelLauncher(training, Files.createDirectories(base.resolve("training")), scheduler,
                        new Unsandboxed("it runs the server's own cell only"), spawner, classData);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Completes once the class data kernels share is written, or will not be (for tests and benchmarks). */
    public CompletableFuture<Void> classDataTrained() {
        return classData.trained();
    }

    public KernelSettings settings() {
        return settings;
    }

    /**
     * A kernel for {@code owner}, whose katas live in {@code workspace} (the folder holding the
     * catalogue {@code README.md} and {@code src/main/java}). Takes a started kernel from the
     * pool when there is one (about a millisecond); otherwise waits for the next to start.
     *
     * @throws KernelLimitException if the owner, or the server, already has all the kernels
     *                              the settings allow
     * @throws IllegalStateException if no kernel could be started, with the reason
     */
    public Kernel acquire(String owner, Path workspace) {
        String id;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The kernels are shut down");
            }
            long mine = Stream.concat(sessions.values().stream().map(Kernel::owner), reserved.values().stream())
                    .filter(owner::equals).count();
            if (mine >= settings.pool().maxPerOwner()) {
                throw new KernelLimitException(owner + " already has " + mine + " kernels open, the most one person may"
                        + " have; shut one down first");
            }
            if (sessions.size() + reserved.size() >= settings.pool().maxKernels()) {
                throw new KernelLimitException("All " + settings.pool().maxKernels() + " kernels are in use; try again when"
                        + " one is shut down, or raise the limit");
            }
            id = "k" + counter.incrementAndGet();
            reserved.put(id, owner); // counts against the limits while we wait for a process
        }
        try {
            var folder = workspace.toAbsolutePath().normalize();
            var kernel = new Kernel(id, owner, folder, this, take(folder));
            synchronized (this) {
                if (closed) {
                    kernel.close("the server stopped");
                    throw new IllegalStateException("The kernels are shut down");
                }
                sessions.put(id, kernel);
            }
            return kernel;
        } finally {
            synchronized (this) {
                reserved.remove(id);
            }
        }
    }

    private final Map<String, String> reserved = new ConcurrentHashMap<>();

    /** Sessions open now. */
    public List<Kernel> kernels() {
        return List.copyOf(sessions.values());
    }

    /** A session by id. */
    public Optional<Kernel> kernel(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /**
     * Waits until the pool holds {@link KernelSettings.Pool#size()} started kernels, so the first
     * notebook opens at once (call at start-up, before announcing the server).
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitPool(Duration timeout) throws InterruptedException {
        return pool.awaitFull(timeout);
    }

    List<Long> readyPids() {
        return pool.readyPids();
    }

    Path folder() {
        return base;
    }

    /** Kernels started and waiting in the pool. */
    public int ready() {
        return pool.readyCount();
    }

    /**
     * How kernels are kept from the server and from each other: in a sandbox, or, where the host
     * refuses one, as plain child processes (the summary says why).
     */
    public KernelIsolation isolation() {
        return sandbox.isolation();
    }

    /** Where kernels find {@code workspace} (in a sandbox, not at its own path). */
    Path seenByKernels(Path workspace) {
        return sandbox.workspace(workspace);
    }

    private KernelProcess take(Path workspace) {
        try {
            return admitted(pool.take(settings.timeouts().start()), workspace);
        } catch (IOException e) {
            throw new IllegalStateException("No kernel could be started: " + e.getMessage(), e);
        }
    }

    /** A kernel from the pool, given {@code workspace}; one that cannot be is killed, not handed out. */
    private KernelProcess admitted(KernelProcess process, Path workspace) throws IOException {
        try {
            launcher.admit(process, workspace);
            return process;
        } catch (IOException | RuntimeException e) {
            process.kill("could not be given its workspace: " + e.getMessage());
            throw e;
        }
    }

    /** A session's process died: give it another, off the reader thread. */
    void replace(Kernel kernel) {
        if (closed) {
            return;
        }
        var thread = new Thread(() -> {
            try {
                kernel.replaced(Optional.of(admitted(pool.take(settings.timeouts().start()), kernel.workspace())), "");
            } catch (IOException | RuntimeException e) {
                kernel.replaced(Optional.empty(), e.getMessage());
            }
        }, "kernel-replace-" + kernel.id());
        thread.setDaemon(true);
        thread.start();
    }

    void released(Kernel kernel) {
        sessions.remove(kernel.id());
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The compiled attack suites: as configured, or found on the kernels' class path. */
    Path suiteClasses() {
        var found = suiteClasses;
        if (found == null) {
            synchronized (this) {
                if (suiteClasses == null) {
                    // Unpacked (from a jar) into a folder kernels already see: the sandbox shows it read-only.
                    suiteClasses = settings.launch().suiteClasses()
                            .orElseGet(() -> SuiteClasses.locate(settings.launch().classPath(), base.resolve("suites")));
                }
                found = suiteClasses;
            }
        }
        return found;
    }

    private void reapIdle() {
        long limit = settings.timeouts().idle().toNanos();
        for (var kernel : sessions.values()) {
            if (kernel.idleNanos() > limit && !kernel.isBusy()) {
                kernel.close("it was shut down after " + describe(settings.timeouts().idle()) + " without use");
            }
        }
    }

    private static String describe(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }

    /** Shuts every kernel down and removes their files. */
    @Override
    public void close() {
        closeNow();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private void closeNow() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        pool.close();
        sessions.values().forEach(k -> k.close("the server stopped"));
        classData.close();
        launcher.close();
        sandbox.close();
        spawner.close(); // last: a sandbox dies with the thread that started it
        scheduler.shutdownNow();
        KernelProcess.removeFolder(base);
    }

    private static void restrict(Path dir) {
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the user's temp folder is private there
        }
    }

    /**
     * Learner code runs as the same OS user as the server. With the attach mechanism on, it
     * could load an agent into the server's JVM; say so where the operator will see it.
     */
    private static void warnIfAttachable() {
        var args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (!args.contains("-XX:+DisableAttachMechanism")) {
            LOG.warn("Start the server's JVM with -XX:+DisableAttachMechanism: kernels run learner code as your user,"
                    + " and could otherwise attach an agent to the server");
        }
    }
}
