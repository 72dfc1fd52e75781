package dev.rampart.server.kernel;

import dev.rampart.server.kernel.child.KernelMain;
import dev.rampart.server.kernel.child.SnippetAwareSystemLoader;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Hello;
import dev.rampart.server.kernel.protocol.MessageChannel;
import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Kernels as child JVMs of the server, each talking over a Unix domain socket of its own.
 *
 * <p>The socket lives in a folder only this user can enter (0700), accepts one connection and is
 * then deleted, so nothing else can connect; the kernel proves it is the process started here by
 * echoing a one-time token it read from its stdin, which no other process can see (unlike the
 * command line or, for other users' tools, the environment). Learner output cannot reach the
 * socket: the kernel's stdout and stderr are redirected into messages, and the raw descriptors
 * are drained and kept only as a short tail to explain a crash.
 *
 * <p>The child's environment is built from scratch: {@code PATH}, locale, time zone and the
 * variables the settings name. Nothing else the server holds (tokens, cloud credentials, ...)
 * reaches a kernel through its environment or system properties.
 */
final class LocalKernelLauncher implements KernelLauncher {

    /** Variables a JVM and the tools it may start need, and that carry no secrets. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ",
            "SystemRoot", "SYSTEMROOT", "windir", "TEMP", "TMP", "PATHEXT", "ComSpec");

    private final KernelSettings settings;
    private final Path folders;
    private final ScheduledExecutorService scheduler;
    private final KernelSandbox sandbox;
    private final Spawner spawner;
    private final KernelClassData classData;
    private final String classPath;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger counter = new AtomicInteger();
    private final Set<KernelProcess> live = new HashSet<>();
    /** Kernels' processes still starting, with their folders. */
    private final Map<Process, Path> starting = new HashMap<>();
    private boolean closed;

    /**
     * @param folders where each kernel's private folder is made
     * @param sandbox what confines each kernel (see {@link #readOnly} for what it must let kernels see)
     * @param spawner starts the kernels' processes (a sandbox dies with the thread that started it)
     * @param classData the kernels' class path (folders packed) and the class data they share
     */
    LocalKernelLauncher(KernelSettings settings, Path folders, ScheduledExecutorService scheduler, KernelSandbox sandbox,
                        Spawner spawner, KernelClassData classData) {
        this.settings = settings;
        this.folders = folders;
        this.scheduler = scheduler;
        this.sandbox = sandbox;
        this.spawner = spawner;
        this.classData = classData;
        KernelClassPath.check(settings.launch().classPath());
        this.classPath = classData.classPath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Everything a kernel's command line names, which a sandbox must therefore show it (read-only,
     * at the same path): the JDK, every class path entry, the attack suites. An option added to
     * {@link #command} that names a file (a class data archive, say) adds it here too.
     */
    static List<Path> readOnly(KernelSettings settings, Path suites, KernelClassData classData) {
        var paths = new ArrayList<Path>();
        var java = settings.launch().java().toAbsolutePath();
        paths.add(java.getParent() != null && java.getParent().getParent() != null ? java.getParent().getParent() : java);
        paths.addAll(settings.launch().classPath());
        paths.addAll(classData.readOnly(settings.launch().classPath()));
        paths.add(settings.launch().suiteClasses().orElse(suites));
        return paths;
    }

    @Override
    public KernelProcess start() throws IOException {
        var name = "k" + counter.incrementAndGet();
        var dir = privateDirectory(folders.resolve(name));
        var socket = dir.resolve("k.sock");
        var token = token();
        Process process = null;
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var builder = new ProcessBuilder(sandbox.command(dir, command(sandbox.socket(dir))))
                    .directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(environment(System.getenv(), settings.launch().environment()));
            synchronized (this) {
                if (closed) {
                    throw new IOException("The kernels are shutting down");
                }
                process = spawner.start(builder);
                starting.put(process, dir);
            }
            var tail = OutputTail.drain(process.getInputStream(), "kernel-" + name + "-output");
            var stdin = process.getOutputStream();
            stdin.write((token + "\n").getBytes(StandardCharsets.US_ASCII));
            stdin.flush();

            long deadline = System.nanoTime() + settings.timeouts().start().toNanos();
            var started = process;
            var connection = within(deadline, server, process, () -> server.accept(),
                    () -> "kernel " + name + " did not connect" + (started.isAlive()
                            ? " within " + settings.timeouts().start().toSeconds() + " s" : "") + explain(started, tail));
            Files.deleteIfExists(socket); // one connection only, ever
            var channel = new MessageChannel(connection);
            var hello = within(deadline, connection, process, channel::receive,
                    () -> "kernel " + name + " did not introduce itself" + explain(started, tail));
            if (hello.isEmpty() || !(hello.get() instanceof Hello h)
                    || !MessageDigest.isEqual(h.token().getBytes(StandardCharsets.US_ASCII),
                    token.getBytes(StandardCharsets.US_ASCII))) {
                throw new IOException("Something other than kernel " + name + " connected to its socket; refused");
            }
            var ready = within(deadline, connection, process, channel::receive,
                    () -> "kernel " + name + " did not finish starting" + explain(started, tail));
            if (ready.isEmpty() || !(ready.get() instanceof Event.KernelReady kernelReady)) {
                throw new IOException("kernel " + name + " sent " + ready.map(m -> m.getClass().getSimpleName())
                        .orElse("nothing") + " instead of kernel_ready" + explain(started, tail));
            }
            var kernel = new KernelProcess(name, process, sandbox.jvm(process), stdin, channel, tail, dir, kernelReady,
                    settings, scheduler);
            synchronized (this) {
                starting.remove(process);
                if (closed) {
                    kernel.terminate().destroyForcibly();
                    throw new IOException("The kernels are shutting down");
                }
                live.add(kernel);
            }
            kernel.death().whenComplete((reason, e) -> {
                synchronized (this) {
                    live.remove(kernel);
                }
            });
            return kernel;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                StrayProcesses.kill(process);
                synchronized (this) {
                    starting.remove(process);
                }
            }
            StrayProcesses.killNaming(List.of(dir));
            KernelProcess.removeFolder(dir);
            throw e;
        }
    }

    private interface Blocking<T> {
        T call() throws IOException;
    }

    /**
     * Runs a blocking accept or read, closing {@code closeOnTimeout} if the deadline passes or
     * the process dies first: the call then fails instead of waiting forever.
     */
    private <T> T within(long deadline, Channel closeOnTimeout, Process process, Blocking<T> call,
                         java.util.function.Supplier<String> failure) throws IOException {
        long remaining = deadline - System.nanoTime();
        var timer = scheduler.schedule(() -> closeQuietly(closeOnTimeout), Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        var exit = process.onExit().thenRun(() -> scheduler.schedule(() -> closeQuietly(closeOnTimeout),
                200, TimeUnit.MILLISECONDS));
        try {
            return call.call();
        } catch (ClosedChannelException e) {
            throw new IOException(failure.get(), e);
        } finally {
            timer.cancel(false);
            exit.cancel(false);
        }
    }

    private static String explain(Process process, OutputTail tail) {
        var exit = process.isAlive() ? "" : " (it exited with status " + process.exitValue() + ")";
        var output = tail.text().strip();
        return exit + (output.isEmpty() ? "" : "; its output:\n" + output);
    }

    /**
     * The kernel's {@code java} command, the one place it is built (the sandbox only wraps it).
     *
     * @param socket the server's socket, as the kernel sees it
     */
    List<String> command(Path socket) {
        var command = new ArrayList<String>();
        command.add(settings.launch().java().toString());
        // Measured (docs/kernels.md): SerialGC and C1 only halve a kernel's memory and start it
        // faster; a notebook's snippets never run long enough to pay back C2.
        command.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-Xms8m", "-Xmx" + settings.limits().heapMegabytes() + "m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:MaxMetaspaceSize=256m", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m",
                // A kernel out of memory is not trustworthy (any of its threads may have failed): end it.
                "-XX:+ExitOnOutOfMemoryError",
                // No agent may attach to a kernel; no hsperfdata file advertises it.
                "-XX:+DisableAttachMechanism", "-XX:-UsePerfData",
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8"));
        if (Runtime.version().feature() >= 24) {
            // JDK 24+ weaves stop checks into snippets and must resolve the kata's classes to do so
            // (SnippetAwareSystemLoader). Such a loader turns off the archive of application classes,
            // which the JVM would otherwise announce in the kernel's output at every start.
            command.addAll(List.of("-Djava.system.class.loader=" + SnippetAwareSystemLoader.class.getName(), "-Xlog:cds=off"));
        }
        command.addAll(classData.kernelOptions());
        command.addAll(settings.launch().jvmOptions());
        command.addAll(List.of("-cp", classPath, KernelMain.class.getName(), socket.toString(),
                String.valueOf(settings.limits().maxOutputPerCell()), String.valueOf(settings.limits().maxThreads())));
        return command;
    }

    /** A kernel's environment: a few harmless variables of the server's, and the configured ones. */
    static Map<String, String> environment(Map<String, String> server, Map<String, String> configured) {
        var env = new LinkedHashMap<String, String>();
        for (var name : INHERITED) {
            var value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.putIfAbsent("LANG", "C.UTF-8");
        env.put("MALLOC_ARENA_MAX", "2"); // fewer glibc arenas: less memory per kernel
        env.putAll(configured);
        return env;
    }

    private String token() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static Path privateDirectory(Path path) throws IOException {
        try {
            return Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createDirectory(path); // Windows: the user's temp folder is already private
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * Every kernel, started or starting, is stopped: the server is going. SIGTERM first, so each
     * kernel's shutdown hooks stop what it started; whatever is still alive a second later, and
     * anything it spawned, is killed, and so is a sandbox's init that a start cut short left outside
     * the tree ({@link StrayProcesses}).
     */
    @Override
    public void close() {
        var processes = new ArrayList<Process>();
        var kernelFolders = new ArrayList<Path>();
        synchronized (this) {
            closed = true;
            live.forEach(k -> {
                processes.add(k.terminate());
                kernelFolders.add(k.folder());
            });
            starting.forEach((p, folder) -> {
                p.destroy();
                processes.add(p);
                kernelFolders.add(folder);
            });
        }
        var descendants = processes.stream().flatMap(Process::descendants).toList();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        for (var p : processes) {
            try {
                p.waitFor(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        processes.forEach(StrayProcesses::kill);
        StrayProcesses.killNaming(kernelFolders);
    }

    @Override
    public void admit(KernelProcess kernel, Path workspace) throws IOException {
        sandbox.admit(kernel.folder(), workspace);
    }

    @Override
    public String toString() {
        return "local kernels in " + folders + " (" + System.getProperty("os.name", "").toLowerCase(Locale.ROOT) + ")";
    }
}
