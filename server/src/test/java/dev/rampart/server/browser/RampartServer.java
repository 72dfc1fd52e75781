package dev.rampart.server.browser;

import dev.rampart.server.http.AttackRuns;
import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.Kernels;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.http.UnavailableKernels;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookLimits;
import dev.rampart.server.notebook.NotebookSchema;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.notebook.Starters;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
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
 * The real server, wired as {@code Main} wires it, on a free port of 127.0.0.1, over a copy of
 * the repository's katas module in a temporary folder (so the tests may edit lessons and
 * sources freely).
 */
final class RampartServer implements AutoCloseable {

    final Path sandbox;
    final Path workspace;
    final AccessToken token = AccessToken.generate(new SecureRandom());
    final List<String> securityLog = new CopyOnWriteArrayList<>();
    private final Kernels kernels;
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
        kernels = new UnavailableKernels();
        app = new RampartApp(ServerSettings.standard(HostAllowlist.loopback()),
                new Authenticator(token, new Sessions(random, clock, Duration.ofHours(1), 64), LoginThrottle.standard(clock), log),
                log,
                new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard()),
                new KataSources(confinement, Starters.bundled(), 1L << 20),
                kernels, AttackRuns.unavailable())
                .build().start("127.0.0.1", 0);
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
        try (Stream<Path> files = Files.walk(sandbox)) {
            for (var path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
