package dev.rampart.server;

import dev.rampart.server.http.AttackRuns;
import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.ChildKernels;
import dev.rampart.server.http.KernelAttackRuns;
import dev.rampart.server.http.Kernels;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.http.UnavailableKernels;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelSettings;
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
import io.javalin.util.JavalinBindException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts the Rampart server: parses the command line, wires the parts by hand, binds (moving
 * to the next free port when the default one is busy), prints the URL with a fresh token, and
 * stops everything on Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        var out = System.out;
        ServerOptions options;
        try {
            options = ServerOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(ServerOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        var began = System.nanoTime();
        var random = new SecureRandom();
        var token = AccessToken.generate(random);
        var securityLog = SecurityLog.toLogger();
        var clock = Clock.systemUTC();
        var hosts = options.ipExplicit() ? HostAllowlist.loopback().with(options.ip()) : HostAllowlist.loopback();
        var confinement = new Confinement(options.workspace());
        var kernels = kernels(options);
        var app = new RampartApp(ServerSettings.standard(hosts),
                new Authenticator(token, new Sessions(random, clock, Duration.ofHours(24), 256), LoginThrottle.standard(clock), securityLog),
                securityLog,
                new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard()),
                new KataSources(confinement, Starters.bundled(), 1L << 20),
                kernels.kernels(), kernels.attacks());

        if (options.ipExplicit()) {
            out.println("WARNING: listening on " + options.ip() + " (--ip). Other machines that can reach this address can try to "
                    + "sign in, and whoever holds the token can run code as you. The connection is not encrypted.");
        }
        var server = bind(app, options, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            kernels.kernels().shutdownAll();
        }, "rampart-shutdown"));

        var startedMillis = (System.nanoTime() - began) / 1_000_000;
        var sinceJvm = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        out.println("Rampart is serving " + options.workspace() + " (started in " + startedMillis + " ms, "
                + sinceJvm + " ms after the JVM).");
        out.println("Open this URL in your browser (it holds the access token, keep it to yourself):");
        out.println("    http://" + hostForUrl(options.ip()) + ":" + server.port() + "/?token=" + token.reveal());
        out.println("Press Ctrl-C to stop.");
    }

    /** What runs learner code: real kernels, or stand-ins that say why there are none. */
    private record KernelParts(Kernels kernels, AttackRuns attacks) {
    }

    /**
     * Starts the kernels (child JVMs; the pool fills in the background, so this returns at once),
     * all owned by the one learner this server belongs to. A build without the katas' class path
     * still serves notebooks, and says why code cannot run.
     */
    private static KernelParts kernels(ServerOptions options) {
        var owner = "learner";
        try {
            var started = dev.rampart.server.kernel.Kernels.start(KernelSettings.defaults().withLimits(16, 8));
            return new KernelParts(new ChildKernels(started, owner, options.workspace()),
                    new KernelAttackRuns(new KataRunner(started), owner, options.workspace(), Duration.ofMinutes(10)));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("WARNING: no kernels, so notebooks open but code cannot run: " + e.getMessage());
            return new KernelParts(new UnavailableKernels(), AttackRuns.unavailable());
        }
    }

    /** Binds the first free port among {@code port .. port + retries}, or exits with a message that says what to do. */
    static Javalin bind(RampartApp app, ServerOptions options, PrintStream out) {
        for (var attempt = 0; attempt <= options.portRetries(); attempt++) {
            var port = options.port() == 0 ? 0 : options.port() + attempt;
            try {
                var server = app.build().start(options.ip(), port);
                if (attempt > 0) {
                    out.println("Port " + options.port() + " is busy; using " + server.port() + " instead.");
                }
                return server;
            } catch (JavalinBindException e) {
                if (port > 65_534) {
                    break;
                }
            }
        }
        var busy = options.portRetries() == 0 ? "Port " + options.port() + " is in use"
                : "Ports " + options.port() + " to " + (options.port() + options.portRetries()) + " are all in use";
        System.err.println(busy + ": stop the other server, or pass --port with a free port (--port 0 picks any).");
        System.exit(1);
        throw new IllegalStateException("unreachable");
    }

    private static String hostForUrl(String ip) {
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }
}
