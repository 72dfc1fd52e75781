package dev.rampart.server;

import dev.rampart.server.http.AttackRuns;
import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.ChildKernels;
import dev.rampart.server.http.KernelAttackRuns;
import dev.rampart.server.http.Kernels;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.http.UnavailableKernels;
import dev.rampart.server.http.Workspace;
import dev.rampart.server.http.Workspaces;
import dev.rampart.server.dojo.DojoServer;
import dev.rampart.server.dojo.InterviewServer;
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
import java.util.Optional;

/**
 * Starts the Rampart server: parses the command line, wires the parts by hand, binds (moving
 * to the next free port when the default one is busy), prints the URL with a fresh token, and
 * stops everything on Ctrl-C.
 */
public final class Main {

    /** Kernels the server runs at once (each a JVM of 150–300 MB). */
    private static final int KERNELS = 16;
    /** In a dojo, how many of them notebooks may hold; the other four are for attack runs. */
    private static final int DOJO_NOTEBOOK_KERNELS = 12;

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
        var started = startKernels(options.dojo().isPresent() || options.interview().isPresent());
        RampartApp app;
        String link;
        Optional<String> candidateLink = Optional.empty();
        String serving;
        if (options.dojo().isPresent()) {
            var dojo = DojoServer.create(ServerSettings.standard(hosts), options.dojo().get(), options.workspace(),
                    (owner, folder) -> workspace(folder, parts(started, owner, folder)), DOJO_NOTEBOOK_KERNELS, Starters.bundled(),
                    securityLog, clock, random);
            app = dojo.app();
            link = dojo.facilitatorPath();
            serving = "a dojo from " + options.dojo().get() + " (each participant gets a copy of " + options.workspace() + ")";
        } else if (options.interview().isPresent()) {
            InterviewServer interview;
            try {
                var folder = java.nio.file.Files.createTempDirectory("rampart-interview-");
                interview = InterviewServer.create(ServerSettings.standard(hosts), folder, options.workspace(), options.interview().get(),
                        Duration.ofMinutes(options.minutes()), (owner, dir) -> workspace(dir, parts(started, owner, dir)), Starters.bundled(),
                        securityLog, clock, random);
                serving = "an interview on " + options.interview().get() + " for " + options.minutes() + " minutes (work kept in " + folder + ")";
            } catch (IllegalArgumentException | java.io.IOException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            app = interview.app();
            link = interview.interviewerPath();
            candidateLink = Optional.of(interview.candidateLink());
            // The time box ends even if nobody is looking: the check freezes the work and stops the kernels.
            var ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                var thread = new Thread(runnable, "rampart-interview-clock");
                thread.setDaemon(true);
                return thread;
            });
            ticker.scheduleAtFixedRate(interview.interview()::frozen, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            var parts = parts(started, "learner", options.workspace());
            app = new RampartApp(ServerSettings.standard(hosts),
                    new Authenticator(token, new Sessions(random, clock, Duration.ofHours(24), 256), LoginThrottle.standard(clock), securityLog),
                    securityLog, Workspaces.only(workspace(options.workspace(), parts)), java.util.List.of());
            link = "/?token=" + token.reveal();
            serving = options.workspace().toString();
        }

        if (options.ipExplicit()) {
            out.println("WARNING: listening on " + options.ip() + " (--ip). Other machines that can reach this address can try to "
                    + "sign in, and whoever holds the token can run code as you. The connection is not encrypted.");
        }
        var server = bind(app, options, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            started.ifPresent(dev.rampart.server.kernel.Kernels::close);
        }, "rampart-shutdown"));

        var startedMillis = (System.nanoTime() - began) / 1_000_000;
        var sinceJvm = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        out.println("Rampart is serving " + serving + " (started in " + startedMillis + " ms, "
                + sinceJvm + " ms after the JVM).");
        var base = "http://" + hostForUrl(options.ip()) + ":" + server.port();
        out.println(options.dojo().isPresent()
                ? "Open the facilitator's board in your browser (the link is yours alone; participants get theirs from the board):"
                : options.interview().isPresent() ? "The interviewer's report (keep this link to yourself):"
                : "Open this URL in your browser (it holds the access token, keep it to yourself):");
        out.println("    " + base + link);
        candidateLink.ifPresent(candidate -> {
            out.println("The candidate's link (works once, in one browser; the time starts when it is opened):");
            out.println("    " + base + candidate);
        });
        out.println("Press Ctrl-C to stop.");
    }

    /** What runs learner code: real kernels, or stand-ins that say why there are none. */
    private record KernelParts(Kernels kernels, AttackRuns attacks) {
    }

    /**
     * Starts the kernels (child JVMs; the pool fills in the background, so this returns at once).
     * A build without the katas' class path still serves notebooks, and says why code cannot run.
     */
    private static Optional<dev.rampart.server.kernel.Kernels> startKernels(boolean dojo) {
        try {
            // A dojo participant needs a notebook's kernel and an attack run's; the rest of the room waits in the queue.
            return Optional.of(dev.rampart.server.kernel.Kernels.start(KernelSettings.defaults().withLimits(KERNELS, dojo ? 3 : 8)));
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("WARNING: no kernels, so notebooks open but code cannot run: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The kernels and attack runs of one owner (the learner, or a dojo participant) over their workspace. */
    private static KernelParts parts(Optional<dev.rampart.server.kernel.Kernels> started, String owner, Path workspace) {
        return started.map(kernels -> new KernelParts(new ChildKernels(kernels, owner, workspace),
                        new KernelAttackRuns(new KataRunner(kernels), owner, workspace, Duration.ofMinutes(10))))
                .orElseGet(() -> new KernelParts(new UnavailableKernels(), AttackRuns.unavailable()));
    }

    private static Workspace workspace(Path folder, KernelParts parts) {
        var confinement = new Confinement(folder);
        return new Workspace(new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard()),
                new KataSources(confinement, Starters.bundled(), 1L << 20), parts.kernels(), parts.attacks());
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
