package dev.rampart.server;

import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.KernelSettings;
import dev.rampart.server.kernel.Kernels;
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
            return Optional.of(Kernels.start(KernelSettings.defaults().with(new KernelSettings.Pool(2, KERNELS, room ? 3 : 8))));
        } catch (IllegalStateException | UncheckedIOException e) {
            System.err.println("WARNING: no kernels, so notebooks open but code cannot run: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** One owner's workspace (the learner's, a participant's, the candidate's) over {@code folder}: the real parts. */
    Workspace workspace(String owner, Path folder) {
        var confinement = new Confinement(folder);
        var notebooks = new NotebookStore(confinement, NotebookSchema.load(), NotebookLimits.standard());
        var katas = new KataSources(confinement, ReleasedKatas.bundled(), 1L << 20);
        return kernels.map(started -> new Workspace(notebooks, katas, new ChildKernels(started, owner, folder),
                        new KernelAttackRuns(new KataRunner(started), owner, folder, Duration.ofMinutes(10))))
                .orElseGet(() -> new Workspace(notebooks, katas, new UnavailableKernels(), AttackRuns.unavailable()));
    }

    /** Stops every kernel (at shutdown). */
    void close() {
        kernels.ifPresent(Kernels::close);
    }
}
