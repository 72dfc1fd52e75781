package dev.rampart.server.kernel;

import dev.rampart.server.kernel.child.KernelMain;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.MessageChannel;
import dev.rampart.server.kernel.protocol.ProtocolException;
import dev.rampart.server.kernel.protocol.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running kernel JVM and its channel. Reads the kernel's events on a thread of its own and
 * hands them to whoever is attached (the pool, then a {@link Kernel}). Anything that breaks the
 * protocol, or the process ending, makes it dead: {@link #death()} then completes with a reason a
 * learner can act on ("ran out of memory (the limit is 256 MB of heap)").
 */
final class KernelProcess {

    private static final Logger LOG = LoggerFactory.getLogger(KernelProcess.class);

    private final String name;
    private final Process process;
    /** The kernel's JVM: {@link #process} itself, or behind a sandbox its grandchild. */
    private final ProcessHandle jvm;
    private final OutputStream stdin; // held open: the kernel exits when it closes
    private final MessageChannel channel;
    private final OutputTail tail;
    private final Path dir;
    private final Event.KernelReady ready;
    private final KernelSettings settings;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<String> killReason = new AtomicReference<>();
    /** Why the server asked the kernel to exit: its exit is then no news about learner code. */
    private final AtomicReference<String> shutdownReason = new AtomicReference<>();
    private final CompletableFuture<String> death = new CompletableFuture<>();
    private volatile Consumer<Event> target = event -> { };

    KernelProcess(String name, Process process, ProcessHandle jvm, OutputStream stdin, MessageChannel channel, OutputTail tail,
                  Path dir, Event.KernelReady ready, KernelSettings settings, ScheduledExecutorService scheduler) {
        this.name = name;
        this.process = process;
        this.jvm = jvm;
        this.stdin = stdin;
        this.channel = channel;
        this.tail = tail;
        this.dir = dir;
        this.ready = ready;
        this.settings = settings;
        this.scheduler = scheduler;
        var reader = new Thread(this::read, "kernel-" + name + "-reader");
        reader.setDaemon(true);
        reader.start();
        // If the process ends but the channel somehow stays open, close it so the reader ends.
        process.onExit().thenRun(() -> scheduler.schedule(this::closeChannel, 500, TimeUnit.MILLISECONDS));
    }

    String name() {
        return name;
    }

    /** The kernel JVM's process id, as the server sees it (inside a sandbox it has another). */
    long pid() {
        return jvm.pid();
    }

    /** The kernel's private folder, as the server sees it. */
    Path folder() {
        return dir;
    }

    Event.KernelReady ready() {
        return ready;
    }

    /** Where this process's events go from now on. */
    void attach(Consumer<Event> events) {
        target = events;
    }

    /** Completes, once, with why the process ended. */
    CompletableFuture<String> death() {
        return death;
    }

    /** Whether the server decided to kill it (it may still be delivering what it sent before). */
    boolean killed() {
        return killReason.get() != null;
    }

    boolean alive() {
        return !death.isDone() && killReason.get() == null && process.isAlive();
    }

    void send(Request request) throws IOException {
        channel.send(request);
    }

    /**
     * Ends the process for {@code reason} (which becomes its death's reason): SIGTERM first, so
     * shutdown hooks stop what the kernel started (an embedded database), then SIGKILL for it and
     * anything it spawned.
     */
    void kill(String reason) {
        if (!killReason.compareAndSet(null, reason)) {
            return;
        }
        LOG.info("Killing kernel {} (pid {}): {}", name, pid(), reason);
        var children = process.descendants().toList();
        process.destroy();
        scheduler.schedule(() -> {
            children.forEach(ProcessHandle::destroyForcibly);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, 1, TimeUnit.SECONDS);
    }

    /** Asks the kernel to exit and kills it if it has not within {@code millis}. */
    void shutdown(String reason, long millis) {
        if (!alive()) {
            return;
        }
        shutdownReason.compareAndSet(null, reason);
        try {
            channel.send(new Request.Shutdown("shutdown"));
        } catch (IOException e) {
            // it is going anyway
        }
        process.onExit().orTimeout(millis, TimeUnit.MILLISECONDS)
                .whenComplete((p, timeout) -> {
                    if (timeout != null) {
                        kill(reason);
                    } else {
                        killReason.compareAndSet(null, reason);
                    }
                });
    }

    /** The first step of the server's own exit: SIGTERM now; the launcher forces what remains. */
    Process terminate() {
        killReason.compareAndSet(null, "the server stopped");
        process.destroy();
        return process;
    }

    private void read() {
        String hint = "";
        try {
            while (true) {
                var message = channel.receive();
                if (message.isEmpty()) {
                    break;
                }
                if (!(message.get() instanceof Event event) || event instanceof Event.KernelDied) {
                    throw new ProtocolException("a kernel may not send " + message.get().getClass().getSimpleName());
                }
                target.accept(event);
            }
        } catch (ProtocolException e) {
            hint = e.getMessage();
            kill("broke the kernel protocol (" + e.getMessage() + ")");
        } catch (IOException e) {
            hint = e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("A listener of kernel {} failed", name, e);
            kill("a listener of the kernel failed: " + e);
        }
        ended(hint);
    }

    private void ended(String hint) {
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                kill("stopped answering");
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
        var reason = explain(hint);
        LOG.info("Kernel {} (pid {}) ended: {}", name, pid(), reason);
        deleteDir();
        death.complete(reason);
    }

    private String explain(String hint) {
        var killed = killReason.get();
        if (killed != null) {
            return killed;
        }
        var asked = shutdownReason.get();
        if (asked != null && !process.isAlive()) {
            return asked;
        }
        if (process.isAlive()) {
            return "lost its connection" + (hint.isEmpty() ? "" : " (" + hint + ")");
        }
        int code = process.exitValue();
        var output = tail.text();
        // The JVM's own line, not the status alone: a learner's System.exit(3) exits with it too.
        if (code == KernelMain.EXIT_OUT_OF_MEMORY && output.contains("Terminating due to java.lang.OutOfMemoryError")) {
            var line = output.lines().filter(l -> l.contains("OutOfMemoryError")).reduce((a, b) -> b).orElse("");
            return "ran out of memory (the limit is " + settings.limits().heapMegabytes() + " MB of heap)"
                    + (line.isBlank() ? "" : ": " + line.strip());
        }
        if (code == KernelMain.EXIT_TOO_MANY_THREADS) {
            return "started more threads than the limit of " + settings.limits().maxThreads();
        }
        if (code == KernelMain.EXIT_CHANNEL_FAILED) {
            return "lost its connection to the server";
        }
        if (code > 128 && code < 160) {
            return "was killed by signal " + (code - 128) + (code == 137 ? " (SIGKILL: perhaps the system ran out of memory)" : "");
        }
        return "exited with status " + code + " (System.exit ends the kernel's process)";
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void deleteDir() {
        removeFolder(dir);
    }

    /**
     * Removes a kernel's folder (or the folder of all of them), but never what is in a kernel's
     * {@code workspace} folder: in a sandbox the owner's workspace is mounted there (in the
     * sandbox's namespace only, so the server sees it empty; but a learner's work is not worth the
     * bet), so such a folder is removed only if it is empty.
     */
    static void removeFolder(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals("workspace")
                            && !dir.equals(folder) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    file.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    try (Stream<Path> left = Files.list(dir)) {
                        left.filter(p -> p.getFileName().toString().equals("workspace")).forEach(p -> p.toFile().delete());
                    } catch (IOException | RuntimeException ignored) {
                        // best effort
                    }
                    dir.toFile().delete();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not remove {}", folder, e);
        }
    }

    @Override
    public String toString() {
        return "kernel " + name + " (pid " + pid() + ")";
    }
}
