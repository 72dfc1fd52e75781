package dev.rampart.server;

import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelSettings;
import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.notebook.AtomicFiles;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookLimits;
import dev.rampart.server.notebook.NotebookSchema;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.HostAllowlist;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.workspace.AttackRuns;
import dev.rampart.server.workspace.ChildKernels;
import dev.rampart.server.workspace.KernelAttackRuns;
import dev.rampart.server.workspace.UnavailableKernels;
import dev.rampart.server.workspace.Workspace;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * What every mode shares, made once at start: randomness, the clock, the security log, the app's
 * settings, and the kernels (when they could start), with the one way to build a workspace over
 * a folder from them.
 *
 * @param kernels the started kernels; empty when the kernels' class path is incomplete, in which
 *                case notebooks still open and say why code cannot run
 */
record ServerParts(SecureRandom random, Clock clock, SecurityLog securityLog, ServerSettings settings,
                   Optional<Kernels> kernels) {

    /** Kernels the server runs at once (each a JVM of 150–300 MB). */
    private static final int KERNELS = 16;

    /**
     * Starts the kernels (child JVMs; the pool fills in the background, so this returns at once).
     *
     * @param room a dojo or an interview: a person may hold fewer kernels, so the room shares them
     */
    static ServerParts start(ServerOptions options, boolean room) {
        var hosts = options.ipExplicit() ? HostAllowlist.loopback().with(options.ip()) : HostAllowlist.loopback();
        return new ServerParts(new SecureRandom(), Clock.systemUTC(), SecurityLog.toLogger(), ServerSettings.standard(hosts),
                startKernels(room));
    }

    private static Optional<Kernels> startKernels(boolean room) {
        try {
            // A dojo participant needs a notebook's kernel and an attack run's; the rest of the room waits in the queue.
            var kernels = Kernels.start(KernelSettings.defaults().with(new KernelSettings.Pool(2, KERNELS, room ? 3 : 8)));
            if (!kernels.isolation().sandboxed()) {
                System.err.println("WARNING: " + kernels.isolation().summary() + ".");
            }
            return Optional.of(kernels);
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("WARNING: no kernels, so notebooks open but code cannot run: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** One owner's workspace (the learner's, a participant's, the candidate's) over {@code folder}: the real parts. */
    Workspace workspace(String owner, Path folder) {
        removeLeftovers(folder);
        var confinement = new Confinement(folder);
        var notebooks = new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard());
        var katas = new KataSources(confinement, ReleasedKatas.bundled(), 1L << 20);
        return kernels.map(started -> new Workspace(notebooks, katas, new ChildKernels(started, owner, folder),
                        new KernelAttackRuns(new KataRunner(started), owner, folder, Duration.ofMinutes(10))))
                .orElseGet(() -> new Workspace(notebooks, katas, new UnavailableKernels(), AttackRuns.unavailable()));
    }

    /** The hidden temporary files of saves a {@code kill -9} cut short, removed before anything is saved there again. */
    static void removeLeftovers(Path folder) {
        var removed = AtomicFiles.removeLeftovers(folder);
        if (removed > 0) {
            LoggerFactory.getLogger(ServerParts.class).info("Removed {} temporary file{} left in {} by saves that were cut short",
                    removed, removed == 1 ? "" : "s", folder);
        }
    }

    /**
     * Whether a room (a dojo, an interview) may start: not where a participant's cell could reach
     * the server and the others' work, unless the facilitator accepted that risk on the command line.
     *
     * @return empty when it may; else the refusal, which says what to do
     */
    Optional<String> refusesRoom(ServerOptions options) {
        return kernels.filter(started -> !started.isolation().sandboxed() && !options.acceptUnsandboxedKernels())
                .map(started -> "Refusing to start a " + (options.dojo().isPresent() ? "dojo" : "interview")
                        + ": kernels cannot be sandboxed here, so a participant's cell could read the others' work and the"
                        + " room's links, and stop the server. Make user namespaces and bubblewrap available (see"
                        + " docs/security-model.md), or pass " + ServerOptions.ACCEPT_UNSANDBOXED + " to run at that risk.");
    }

    /** Stops every kernel (at shutdown). */
    void close() {
        kernels.ifPresent(Kernels::close);
    }
}
