package dev.rampart.server.browser;

import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelSettings;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookLimits;
import dev.rampart.server.notebook.NotebookSchema;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
import dev.rampart.server.workspace.ChildKernels;
import dev.rampart.server.workspace.KernelAttackRuns;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The real server, wired as {@code Main} wires it (real kernels in child JVMs, real attack
 * runs), on a free port of 127.0.0.1, over a copy of the repository's katas module in a
 * temporary folder (so the tests may edit lessons and sources freely).
 */
final class RampartServer implements AutoCloseable {

    final Path sandbox;
    final Path workspace;
    final AccessToken token = AccessToken.generate(new SecureRandom());
    final List<String> securityLog = new CopyOnWriteArrayList<>();
    private final dev.rampart.server.kernel.Kernels started;
    private final ChildKernels kernels;
    private final Javalin app;

    RampartServer() {
        try {
            sandbox = Files.createTempDirectory("rampart-browser-");
            workspace = sandbox.resolve("katas");
            copyTree(repository().resolve("katas"), workspace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        var log = new SecurityLog(securityLog::add);
        var confinement = new Confinement(workspace);
        started = dev.rampart.server.kernel.Kernels.start(kernelSettings());
        kernels = new ChildKernels(started, "learner", workspace);
        var attacks = new KernelAttackRuns(new KataRunner(started), "learner", workspace, Duration.ofMinutes(10));
        app = new RampartApp(ServerSettings.standard(HostAllowlist.loopback()),
                new Authenticator(token, new Sessions(random, clock, Duration.ofHours(1), 64), LoginThrottle.standard(clock), log),
                log,
                new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard()),
                new KataSources(confinement, ReleasedKatas.bundled(), 1L << 20),
                kernels, attacks)
                .build().start("127.0.0.1", 0);
    }

    /**
     * As {@code Main}'s, with more patience: a machine busy with other builds (CI, several at
     * once on two cores) may take minutes to start a JVM and JShell, or to stop a snippet's compile.
     */
    private static KernelSettings kernelSettings() {
        var defaults = KernelSettings.defaults();
        return defaults.with(new KernelSettings.Pool(2, 8, 8))
                .with(defaults.timeouts().withInterruptGrace(Duration.ofSeconds(5)).withStart(Duration.ofMinutes(3)));
    }

    /** {@code http://127.0.0.1:PORT}: what the start-up URL names. */
    String origin() {
        return "http://127.0.0.1:" + app.port();
    }

    /** The start-up URL with the token, as {@code Main} prints it. */
    String startUpUrl() {
        return origin() + "/?token=" + token.reveal();
    }

    String tokenValue() {
        return token.reveal();
    }

    Path file(String workspacePath) {
        return workspace.resolve(workspacePath);
    }

    /**
     * Shuts down every kernel, as a learner closing the server would: a kernel outlives its tab
     * (a reload finds it), so without this each test's notebooks would keep theirs, and the
     * run would meet the per-learner limit. The pool starts fresh ones meanwhile.
     */
    void shutDownKernels() {
        kernels.list().forEach(kernel -> kernels.shutdown(kernel.id()));
    }

    static Path repository() {
        return Path.of(System.getProperty("rampart.repository", "..")).toAbsolutePath().normalize();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (var source : (Iterable<Path>) files.filter(p -> !from.relativize(p).startsWith("target"))::iterator) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        app.stop();
        kernels.shutdownAll();
        started.close();
        try (Stream<Path> files = Files.walk(sandbox)) {
            for (var path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
