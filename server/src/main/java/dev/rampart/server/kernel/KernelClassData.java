package dev.rampart.server.kernel;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Request;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classes every kernel loads (JShell and the JDK's compiler, Jackson, the JUnit launcher,
 * AssertJ), parsed once and shared: a class data archive (CDS, {@code -XX:SharedArchiveFile})
 * that each kernel maps instead of loading those classes itself. Kernels start faster, compile
 * their first cell faster, and share those pages instead of each holding a copy
 * (docs/benchmarks.md).
 *
 * <p>The archive is written by a <em>training kernel</em>: a kernel the server starts outside
 * the sandbox with {@code -XX:ArchiveClassesAtExit}, gives one cell of the server's own (never a
 * learner's), and shuts down. It is kept in the user's cache folder under a name made from
 * what the JVM checks it against (the JDK, the options added to the kernels', every class path
 * entry with its size and time), so a server started on the same build finds it ready, and a new
 * build writes its own. Kernels see the folder read-only. Until the archive exists, kernels start without it; an
 * archive the JVM rejects (another JDK build, a damaged file) is ignored by the JVM, silently.
 *
 * <p>The JVM refuses to archive from a class path that names a folder holding classes, as a build
 * does ({@code server/target/classes}), so each such folder is packed into a jar in the cache
 * folder first (in the server's own folder when there is no cache), and packed again only when
 * the folder changed. Kernels then run the classes as they were when the server started.
 */
final class KernelClassData {

    private static final Logger LOG = LoggerFactory.getLogger(KernelClassData.class);
    /** An archive no server used for this long is deleted when another is written. */
    private static final Duration UNUSED = Duration.ofDays(7);
    private static final Duration TRAINING_TIME = Duration.ofMinutes(3);
    /** Trainings under way in this JVM, by archive: two servers (or test classes) wanting one train once. */
    private static final ConcurrentHashMap<Path, CompletableFuture<Boolean>> TRAINING =
            new ConcurrentHashMap<>();

    /**
     * What a kernel's first minutes load: JShell's snippets of every kind, a kata compiled with
     * javax.tools, a suite run through the JUnit launcher with AssertJ, a record read with Jackson.
     */
    static final String TRAINING_CELL = """
            import org.junit.jupiter.api.Test;
            import static org.assertj.core.api.Assertions.assertThat;
            record Point(int x, int y) { }
            interface Shape { double area(); }
            enum Size { SMALL, LARGE }
            var points = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new Point(i, i * i)).toList();
            static class Probe {
                @Test void measures() { assertThat(points).hasSize(20).extracting(Point::x).contains(3); }
            }
            var summary = new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(Probe.class)).build(),
                    summary);
            var sources = java.nio.file.Files.createTempDirectory("training");
            var source = java.nio.file.Files.writeString(sources.resolve("Kata.java"),
                    "package training; public class Kata { public java.util.List<String> names() { return java.util.List.of(\\"a\\"); } }");
            var compiler = javax.tools.ToolProvider.getSystemJavaCompiler();
            var files = compiler.getStandardFileManager(null, null, java.nio.charset.StandardCharsets.UTF_8);
            compiler.getTask(null, files, null, java.util.List.of("-d", sources.toString(), "-proc:none"), null,
                    files.getJavaFileObjects(source)).call();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\\"points\\": 20}").get("points").asInt()
                    + summary.getSummary().getTestsSucceededCount()
            """;

    private final Optional<Path> cache;
    private final List<Path> classPath;
    private final Optional<Path> archive;
    private final CompletableFuture<Void> trained = new CompletableFuture<>();
    private volatile boolean ready;
    private volatile LocalKernelLauncher training;

    private KernelClassData(Optional<Path> cache, List<Path> classPath, Optional<Path> archive, boolean ready) {
        this.cache = cache;
        this.classPath = classPath;
        this.archive = archive;
        this.ready = ready;
        if (ready || archive.isEmpty()) {
            trained.complete(null);
        }
    }

    /**
     * Packs the class path's folders into {@code own} and names the archive for this JDK, these
     * options and this class path. Without a cache folder (or when it cannot be made), kernels
     * run without an archive.
     */
    static KernelClassData open(KernelSettings settings, Path own) {
        var cache = settings.launch().classData().flatMap(KernelClassData::privateFolder);
        var classPath = packFolders(settings.launch().classPath(), cache.orElse(own));
        if (cache.isEmpty()) {
            return new KernelClassData(cache, classPath, Optional.empty(), false);
        }
        var archive = cache.get().resolve("kernel-" + key(settings, classPath) + ".jsa");
        boolean ready = Files.isRegularFile(archive);
        if (ready) {
            touch(archive); // in use: not pruned
        }
        return new KernelClassData(cache, classPath, Optional.of(archive), ready);
    }

    /** Where the archive is, or will be once trained; empty without a cache folder. */
    Optional<Path> archive() {
        return archive;
    }

    /** The kernels' class path, folders packed. */
    List<Path> classPath() {
        return classPath;
    }

    /**
     * What the sandbox must show kernels, read-only, beyond the class path it already shows: the
     * cache folder (archive and packed jars), or without one the jars packed in the server's folder.
     */
    List<Path> readOnly(List<Path> shown) {
        return cache.map(List::of).orElseGet(() -> classPath.stream().filter(entry -> !shown.contains(entry)).toList());
    }

    /** The options that give a kernel the archive, once it is written. */
    List<String> kernelOptions() {
        if (!ready || !Files.isRegularFile(archive.orElseThrow())) {
            return List.of();
        }
        // A rejected archive is the JVM's to ignore; its reasons are no learner's business.
        return List.of("-XX:SharedArchiveFile=" + archive.get(), "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Completes when the archive is ready, or when it will not be (no cache, training failed). */
    CompletableFuture<Void> trained() {
        return trained;
    }

    /**
     * Writes the archive if it is missing, on a thread of its own: a training kernel, started by
     * {@code launchers} (outside the sandbox, with the archive option), runs {@link #TRAINING_CELL}
     * and exits, and the JVM writes the archive as it does. Kernels started meanwhile run without.
     */
    void trainInBackground(Function<List<String>, LocalKernelLauncher> launchers) {
        if (trained.isDone()) {
            return;
        }
        var mine = new CompletableFuture<Boolean>();
        var underWay = TRAINING.putIfAbsent(archive.orElseThrow(), mine);
        if (underWay != null) {
            underWay.whenComplete((written, e) -> {
                ready = Boolean.TRUE.equals(written);
                trained.complete(null);
            });
            return;
        }
        var thread = new Thread(() -> {
            try {
                train(launchers);
            } catch (IOException | RuntimeException e) {
                LOG.info("Kernels start without a class data archive: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                TRAINING.remove(archive.get(), mine);
                mine.complete(ready);
                trained.complete(null);
            }
        }, "kernel-class-data");
        thread.setDaemon(true);
        thread.start();
    }

    private void train(Function<List<String>, LocalKernelLauncher> launchers)
            throws IOException, InterruptedException {
        var target = archive.orElseThrow();
        var partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        long started = System.nanoTime();
        try (var launcher = launchers.apply(List.of("-XX:ArchiveClassesAtExit=" + partial))) {
            training = launcher;
            var kernel = launcher.start();
            var replied = new CompletableFuture<Event.ExecuteReply>();
            var failures = new CopyOnWriteArrayList<String>();
            kernel.attach(event -> {
                if (event instanceof Event.ExecuteReply reply) {
                    replied.complete(reply);
                } else if (event instanceof Event.Failure failure) {
                    failures.add(failure.ename() + ": " + failure.evalue() + " " + failure.diagnostics());
                }
            });
            kernel.send(new Request.Execute("training", TRAINING_CELL));
            var reply = replied.get(TRAINING_TIME.toSeconds(), TimeUnit.SECONDS);
            if (reply.status() != Event.Status.OK) {
                throw new IOException("the training cell failed: " + failures);
            }
            kernel.shutdown("trained", TRAINING_TIME.toMillis());
            kernel.death().get(TRAINING_TIME.toSeconds(), TimeUnit.SECONDS);
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                throw new IOException("the training kernel wrote no archive");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ready = true;
            LOG.info("Kernels share class data from {} (written in {} ms)", target,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            pruneUnused(target);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the training kernel did not finish: " + e, e);
        } finally {
            training = null;
            Files.deleteIfExists(partial);
        }
    }

    /** Stops a training kernel still running: the server is going. */
    void close() {
        var running = training;
        if (running != null) {
            running.close();
        }
    }

    private void pruneUnused(Path kept) {
        var limit = Instant.now().minus(UNUSED);
        try (var files = Files.list(kept.getParent())) {
            files.filter(f -> !f.equals(kept) && f.getFileName().toString().matches(".*\\.(jsa|partial)"))
                    .filter(f -> lastModified(f).toInstant().isBefore(limit))
                    .forEach(f -> {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            // another server may be pruning too
                        }
                    });
        } catch (IOException e) {
            // pruning can wait for the next archive
        }
    }

    /** The archive's name: a digest of everything the JVM validates it against, and what it holds. */
    static String key(KernelSettings settings, List<Path> classPath) {
        Path java;
        try {
            java = settings.launch().java().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find the kernels' java at " + settings.launch().java(), e);
        }
        var lines = new ArrayList<String>();
        lines.add(java.toString());
        var home = java.getParent().getParent();
        for (var part : List.of(home.resolve("lib/modules"), home.resolve("lib/server/libjvm.so"), home.resolve("release"))) {
            lines.add(stamp(part));
        }
        // Not the heap's size: kernels of any size map the same archive (servers and tests differ).
        lines.addAll(settings.launch().jvmOptions());
        classPath.forEach(entry -> lines.add(stamp(entry)));
        return digest(String.join("\n", lines));
    }

    private static String stamp(Path file) {
        try {
            return file + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return file + " absent";
        }
    }

    /**
     * Each class path folder, packed into a jar in {@code into} named after the folder, packed
     * again only when the folder changed; jars as they are. One jar per folder: a rebuild replaces
     * it, so the cache holds one per checkout, not one per build.
     */
    static List<Path> packFolders(List<Path> classPath, Path into) {
        var packed = new ArrayList<Path>();
        for (var entry : classPath) {
            if (!Files.isDirectory(entry)) {
                packed.add(entry);
                continue;
            }
            var jar = into.resolve("classes-" + digest(entry.toAbsolutePath().normalize().toString()) + ".jar");
            try {
                packIfChanged(entry, jar);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot pack the kernels' classes from " + entry + " into " + jar, e);
            }
            packed.add(jar);
        }
        return List.copyOf(packed);
    }

    /**
     * Entries in name order with one fixed time, and the jar's time the folder's newest file's:
     * the same folder packs the same, and a jar whose time is the folder's newest is up to date.
     */
    private static void packIfChanged(Path folder, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        var newest = FileTime.fromMillis(0);
        for (var path : files) {
            var time = Files.getLastModifiedTime(path);
            newest = time.compareTo(newest) > 0 ? time : newest;
        }
        if (Files.isRegularFile(jar) && Files.getLastModifiedTime(jar).equals(newest)) {
            return;
        }
        var partial = jar.resolveSibling(jar.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try (OutputStream file = Files.newOutputStream(partial); var out = new JarOutputStream(file)) {
            out.setLevel(Deflater.NO_COMPRESSION); // read once per kernel start: speed over size
            for (var path : files) {
                var entry = new JarEntry(folder.relativize(path).toString().replace('\\', '/'));
                entry.setTime(0);
                out.putNextEntry(entry);
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        Files.setLastModifiedTime(partial, newest);
        // Atomic: a server on the same checkout reads the old jar or the new, never half of one.
        Files.move(partial, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String digest(String text) {
        try {
            var bytes = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static Optional<Path> privateFolder(Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            try {
                LocalKernelLauncher.privateDirectory(folder);
            } catch (FileAlreadyExistsException e) {
                // made by an earlier server
            }
            return Optional.of(folder.toRealPath());
        } catch (IOException e) {
            LOG.info("Kernels start without a class data archive: cannot make {}: {}", folder, e.getMessage());
            return Optional.empty();
        }
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // pruned a little early at worst
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.from(Instant.now());
        }
    }

    /** {@code $XDG_CACHE_HOME/rampart/kernels}, or {@code ~/.cache/rampart/kernels}. */
    static Path defaultCache() {
        var xdg = System.getenv("XDG_CACHE_HOME");
        var base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("rampart").resolve("kernels");
    }
}
