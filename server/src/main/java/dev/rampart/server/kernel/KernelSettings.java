package dev.rampart.server.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How kernels are started and what they may use, in four small parts. Start from
 * {@link #defaults()} and replace a part with {@code with(...)}:
 *
 * <pre>{@code
 * KernelSettings.defaults().with(new KernelSettings.Pool(2, 8, 8))
 *         .with(KernelSettings.defaults().timeouts().withInterruptGrace(Duration.ofSeconds(5)));
 * }</pre>
 *
 * @param launch   how a kernel's JVM is started
 * @param pool     how many kernels there are
 * @param limits   what one kernel may use before it is stopped
 * @param timeouts how long things may take
 */
public record KernelSettings(Launch launch, Pool pool, Limits limits, Timeouts timeouts) {

    public KernelSettings {
        Objects.requireNonNull(launch, "launch");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /**
     * How a kernel's JVM is started.
     *
     * @param java         the {@code java} launcher for kernels (a JDK: kernels compile)
     * @param classPath    the kernels' class path: the server's classes, the katas' suites and
     *                     their libraries, never the katas' starters (see {@link KernelClassPath})
     * @param suiteClasses the compiled attack suites (a folder); empty: found on the class path
     * @param workDir      where the private folder for kernels' sockets and scratch space is made
     * @param environment  variables given to kernels; nothing else of the server's environment is
     * @param jvmOptions   extra options for the kernels' JVMs
     * @param isolation    how kernels are kept from the server, from each other and from the machine
     * @param classData    the folder where the class data all kernels share is kept (a CDS archive,
     *                     see {@link KernelClassData}); empty: each kernel loads its own classes
     */
    public record Launch(Path java, List<Path> classPath, Optional<Path> suiteClasses, Path workDir,
                         Map<String, String> environment, List<String> jvmOptions, Isolation isolation,
                         Optional<Path> classData) {
        public Launch {
            Objects.requireNonNull(java, "java");
            classPath = List.copyOf(classPath);
            Objects.requireNonNull(suiteClasses, "suiteClasses");
            Objects.requireNonNull(workDir, "workDir");
            environment = Map.copyOf(environment);
            jvmOptions = List.copyOf(jvmOptions);
            Objects.requireNonNull(isolation, "isolation");
            Objects.requireNonNull(classData, "classData");
        }

        public Launch withSuiteClasses(Path suites) {
            return new Launch(java, classPath, Optional.of(suites), workDir, environment, jvmOptions, isolation, classData);
        }

        public Launch withJvmOptions(List<String> options) {
            return new Launch(java, classPath, suiteClasses, workDir, environment, options, isolation, classData);
        }

        public Launch withIsolation(Isolation replacement) {
            return new Launch(java, classPath, suiteClasses, workDir, environment, jvmOptions, replacement, classData);
        }

        public Launch withClassData(Optional<Path> folder) {
            return new Launch(java, classPath, suiteClasses, workDir, environment, jvmOptions, isolation, folder);
        }
    }

    /**
     * How kernels are kept from the server, from each other and from the machine (see
     * docs/security-model.md, rules 21 to 25).
     *
     * @param sandbox    true: each kernel in namespaces of its own, made by bubblewrap, where the
     *                   host allows them (where it does not, kernels run as plain child processes
     *                   and {@link Kernels#isolation()} says why); false: plain child processes
     * @param bubblewrap the {@code bwrap} program; a bare name is looked up on the server's {@code PATH}
     * @param nsenter    util-linux's {@code nsenter}, which starts each kernel inside the sandbox's
     *                   mount namespace (so a workspace can be mounted into a kernel taken from the pool)
     * @param ownNetwork true: a kernel has a network of its own with only a loopback interface, so
     *                   its servers (an embedded database, a lesson's web server) are its alone;
     *                   false: the machine's network, which {@code RAMPART_DB_URL} may need
     */
    public record Isolation(boolean sandbox, Path bubblewrap, Path nsenter, boolean ownNetwork) {
        public Isolation {
            Objects.requireNonNull(bubblewrap, "bubblewrap");
            Objects.requireNonNull(nsenter, "nsenter");
        }

        /** A sandbox, with a network of its own unless {@code environment} names a database elsewhere. */
        public static Isolation standard(Map<String, String> environment) {
            return new Isolation(true, Path.of("bwrap"), Path.of("nsenter"), !environment.containsKey("RAMPART_DB_URL"));
        }

        /** Plain child processes, as before the sandbox: for hosts and tests that must do without. */
        public static Isolation none() {
            return new Isolation(false, Path.of("bwrap"), Path.of("nsenter"), false);
        }

        public Isolation withBubblewrap(Path program) {
            return new Isolation(sandbox, program, nsenter, ownNetwork);
        }
    }

    /**
     * How many kernels there are.
     *
     * @param size        kernels kept started and waiting, so opening one does not wait
     * @param maxKernels  kernel processes in all (in use and waiting in the pool)
     * @param maxPerOwner kernels one owner (a learner, a dojo participant) may hold
     */
    public record Pool(int size, int maxKernels, int maxPerOwner) {
        public Pool {
            require(size >= 0, "the pool's size must not be negative");
            require(maxKernels >= 1, "maxKernels must be at least 1");
            require(maxPerOwner >= 1, "maxPerOwner must be at least 1");
        }

        public Pool withSize(int started) {
            return new Pool(started, maxKernels, maxPerOwner);
        }
    }

    /**
     * What one kernel may use before it is stopped.
     *
     * @param heapMegabytes    {@code -Xmx} of each kernel; past it the kernel dies and is replaced
     * @param maxOutputPerCell characters of output one cell may produce; the rest is dropped
     * @param maxThreads       threads a kernel may have before it is killed (a thread bomb)
     */
    public record Limits(int heapMegabytes, long maxOutputPerCell, int maxThreads) {
        public Limits {
            require(heapMegabytes >= 64, "heapMegabytes must be at least 64 (JShell and javac need it)");
            require(maxOutputPerCell >= 1024, "maxOutputPerCell must be at least 1024 characters");
            require(maxThreads >= 32, "maxThreads must be at least 32 (the JVM and JShell use about 15)");
        }
    }

    /**
     * How long things may take.
     *
     * @param interruptGrace how long an interrupted cell has to stop before the kernel is killed
     * @param idle           a kernel unused this long is shut down
     * @param start          how long a kernel may take to start
     */
    public record Timeouts(Duration interruptGrace, Duration idle, Duration start) {
        public Timeouts {
            require(!interruptGrace.isNegative() && !idle.isNegative() && !start.isNegative(),
                    "durations must not be negative");
        }

        public Timeouts withInterruptGrace(Duration grace) {
            return new Timeouts(grace, idle, start);
        }

        public Timeouts withIdle(Duration timeout) {
            return new Timeouts(interruptGrace, timeout, start);
        }

        public Timeouts withStart(Duration timeout) {
            return new Timeouts(interruptGrace, idle, timeout);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Sensible defaults for one learner on a laptop: this JVM's {@code java}, the class path the
     * build wrote, 256 MB of heap, two kernels waiting, three per owner, sixteen in all.
     * {@code RAMPART_DB_URL}, the database katas' own setting, is passed on when set. Each kernel
     * runs in a sandbox where the host allows it. The class data kernels share is kept in the
     * user's cache folder.
     */
    public static KernelSettings defaults() {
        var environment = new LinkedHashMap<String, String>();
        Optional.ofNullable(System.getenv("RAMPART_DB_URL")).ifPresent(url -> environment.put("RAMPART_DB_URL", url));
        return new KernelSettings(
                new Launch(Path.of(System.getProperty("java.home"), "bin", "java"), KernelClassPath.current(), Optional.empty(),
                        Path.of(System.getProperty("java.io.tmpdir")), environment, List.of(), Isolation.standard(environment),
                        Optional.of(KernelClassData.defaultCache())),
                new Pool(2, 16, 3),
                new Limits(256, 1_000_000, 512),
                new Timeouts(Duration.ofSeconds(3), Duration.ofMinutes(30), Duration.ofSeconds(60)));
    }

    public KernelSettings with(Launch replacement) {
        return new KernelSettings(replacement, pool, limits, timeouts);
    }

    public KernelSettings with(Pool replacement) {
        return new KernelSettings(launch, replacement, limits, timeouts);
    }

    public KernelSettings with(Limits replacement) {
        return new KernelSettings(launch, pool, replacement, timeouts);
    }

    public KernelSettings with(Timeouts replacement) {
        return new KernelSettings(launch, pool, limits, replacement);
    }
}
