package dev.rampart.proof;

import dev.rampart.contract.Kata;
import dev.rampart.kata.support.KataClassLoader;
import dev.rampart.kata.support.WithPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Proves independent katas at the same time, one per core: the proof is most of the build, and
 * one kata's suites leave the other cores idle while they wait on a socket or a database.
 *
 * <p>What katas share decides what may overlap. Each runs its suites in class loaders of its own
 * on threads of its own (a thread's context class loader is its own too), binds loopback ports
 * the system picks, and writes in folders of its own. The one thing they share is the database:
 * suites that declare {@link WithPostgres} all use the JVM's one PostgreSQL, and some look at
 * the server as a whole (its configuration, every role, {@code ALTER SYSTEM}), so those katas run
 * one after another, in one lane, while the others share the remaining threads.
 */
final class ProofLanes<T> implements AutoCloseable {

    /** {@code -Drampart.proof.threads=N}: how many katas at once; the machine's cores unless given. */
    static final String THREADS_PROPERTY = "rampart.proof.threads";

    private final ExecutorService executor;
    private final Map<Kata, CompletableFuture<T>> results = new LinkedHashMap<>();

    private ProofLanes(int threads) {
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            var thread = new Thread(r, "kata-proof");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts proving every kata, at most {@code threads} at once, the database katas in one lane.
     *
     * @param suites the compiled suites, read to find the katas that use the database
     * @param prove  the proof of one kata; what it returns (or throws) is what {@link #result} gives
     */
    static <T> ProofLanes<T> start(List<Kata> katas, Path suites, int threads, Function<Kata, T> prove) {
        var lanes = new ProofLanes<T>(threads);
        var database = new ArrayList<Kata>();
        var others = new ArrayList<Kata>();
        for (var kata : katas) {
            lanes.results.put(kata, new CompletableFuture<>());
            (usesDatabase(kata, suites) ? database : others).add(kata);
        }
        // The database lane first: it is the longest, and the other katas fill the other threads around it.
        if (!database.isEmpty()) {
            lanes.executor.execute(() -> database.forEach(kata -> lanes.prove(kata, prove)));
        }
        others.forEach(kata -> lanes.executor.execute(() -> lanes.prove(kata, prove)));
        return lanes;
    }

    /** Threads for the proof: {@value #THREADS_PROPERTY}, or one per core. */
    static int threads() {
        var given = System.getProperty(THREADS_PROPERTY, "").strip();
        if (given.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            var threads = Integer.parseInt(given);
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // the message below says what to write
        }
        throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + given + " is not a number of threads: give 1 or more");
    }

    /** The proof of {@code kata}, once it is done; rethrows what the proof threw. */
    T result(Kata kata) throws Throwable {
        try {
            return results.get(kata).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void prove(Kata kata, Function<Kata, T> prove) {
        var result = results.get(kata);
        try {
            result.complete(prove.apply(kata));
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    /** Whether a class of the kata's suite declares {@link WithPostgres} (read, not run: nothing is initialized). */
    static boolean usesDatabase(Kata kata, Path suites) {
        var dir = suites.resolve(kata.packageDir());
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.walk(dir); var loader = new KataClassLoader(kata.packageName(), new URL[] {url(suites)},
                ProofLanes.class.getClassLoader())) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var name = suites.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceFirst("\\.class$", "");
                if (annotated(loader, name)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean annotated(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader).isAnnotationPresent(WithPostgres.class);
        } catch (ClassNotFoundException | LinkageError e) {
            // A class that needs the kata's own classes to load is no test class of the suite's.
            return false;
        }
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }
}
