package dev.rampart.server.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How kernels are started and what they may use. Start from {@link #defaults()} and change what
 * you need with the {@code with...} methods.
 *
 * @param java               the {@code java} launcher for kernels (a JDK: kernels compile)
 * @param classPath          the kernels' class path: the server's classes, the katas' suites and
 *                           their libraries, never the katas' starters (see {@link KernelClassPath})
 * @param suiteClasses       the compiled attack suites (a folder); empty: found on the class path
 * @param workDir            where the private folder for kernels' sockets and scratch space is made
 * @param heapMegabytes      {@code -Xmx} of each kernel; past it the kernel dies and is replaced
 * @param poolSize           kernels kept started and waiting, so opening one does not wait
 * @param maxKernels         kernel processes in all (in use and waiting in the pool)
 * @param maxKernelsPerOwner kernels one owner (a learner, a dojo participant) may hold
 * @param maxOutputPerCell   characters of output one cell may produce; the rest is dropped
 * @param maxThreads         threads a kernel may have before it is killed (a thread bomb)
 * @param interruptGrace     how long an interrupted cell has to stop before the kernel is killed
 * @param idleTimeout        a kernel unused this long is shut down
 * @param startTimeout       how long a kernel may take to start
 * @param environment        variables given to kernels; nothing else of the server's environment is
 * @param jvmOptions         extra options for the kernels' JVMs
 */
public record KernelSettings(
        Path java,
        List<Path> classPath,
        Optional<Path> suiteClasses,
        Path workDir,
        int heapMegabytes,
        int poolSize,
        int maxKernels,
        int maxKernelsPerOwner,
        long maxOutputPerCell,
        int maxThreads,
        Duration interruptGrace,
        Duration idleTimeout,
        Duration startTimeout,
        Map<String, String> environment,
        List<String> jvmOptions) {

    public KernelSettings {
        Objects.requireNonNull(java, "java");
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(suiteClasses, "suiteClasses");
        Objects.requireNonNull(workDir, "workDir");
        environment = Map.copyOf(environment);
        jvmOptions = List.copyOf(jvmOptions);
        require(heapMegabytes >= 64, "heapMegabytes must be at least 64 (JShell and javac need it)");
        require(poolSize >= 0, "poolSize must not be negative");
        require(maxKernels >= 1, "maxKernels must be at least 1");
        require(maxKernelsPerOwner >= 1, "maxKernelsPerOwner must be at least 1");
        require(maxOutputPerCell >= 1024, "maxOutputPerCell must be at least 1024 characters");
        require(maxThreads >= 32, "maxThreads must be at least 32 (the JVM and JShell use about 15)");
        require(!interruptGrace.isNegative() && !idleTimeout.isNegative() && !startTimeout.isNegative(),
                "durations must not be negative");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Sensible defaults for one learner on a laptop: this JVM's {@code java}, the class path the
     * build wrote, 256 MB of heap, two kernels waiting, three per owner, sixteen in all.
     * {@code RAMPART_DB_URL}, the database katas' own setting, is passed on when set.
     */
    public static KernelSettings defaults() {
        var environment = new LinkedHashMap<String, String>();
        Optional.ofNullable(System.getenv("RAMPART_DB_URL")).ifPresent(url -> environment.put("RAMPART_DB_URL", url));
        return new KernelSettings(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                KernelClassPath.current(),
                Optional.empty(),
                Path.of(System.getProperty("java.io.tmpdir")),
                256, 2, 16, 3,
                1_000_000, 512,
                Duration.ofSeconds(3), Duration.ofMinutes(30), Duration.ofSeconds(60),
                environment, List.of());
    }

    public KernelSettings withJava(Path java) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withSuiteClasses(Path suites) {
        return new KernelSettings(java, classPath, Optional.of(suites), workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withWorkDir(Path dir) {
        return new KernelSettings(java, classPath, suiteClasses, dir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withHeapMegabytes(int megabytes) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, megabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withPoolSize(int size) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, size, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withLimits(int total, int perOwner) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, total, perOwner,
                maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout, environment, jvmOptions);
    }

    public KernelSettings withMaxOutputPerCell(long characters) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, characters, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withMaxThreads(int threads) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, threads, interruptGrace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withInterruptGrace(Duration grace) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, grace, idleTimeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withIdleTimeout(Duration timeout) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, timeout, startTimeout,
                environment, jvmOptions);
    }

    public KernelSettings withEnvironment(Map<String, String> variables) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                variables, jvmOptions);
    }

    public KernelSettings withJvmOptions(List<String> options) {
        return new KernelSettings(java, classPath, suiteClasses, workDir, heapMegabytes, poolSize, maxKernels,
                maxKernelsPerOwner, maxOutputPerCell, maxThreads, interruptGrace, idleTimeout, startTimeout,
                environment, options);
    }
}
