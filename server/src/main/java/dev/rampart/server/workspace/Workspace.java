package dev.rampart.server.workspace;

import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookStore;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One person's workspace as the routes see it: their notebooks, their kata sources, their
 * kernels, their attack runs, and the notebook ↔ kernel bindings over those. A single-user
 * server has one; a dojo has one per participant. Nothing here is shared between workspaces.
 */
public final class Workspace {

    private final NotebookStore notebooks;
    private final KataSources katas;
    private final Kernels kernels;
    private final AttackRuns attacks;
    private final Supplier<Optional<String>> lock;
    private final NotebookSessions sessions;

    /**
     * @param lock why the workspace takes no changes and runs no code right now (a paused room,
     *             an ended session), or empty when it does
     */
    public Workspace(NotebookStore notebooks, KataSources katas, Kernels kernels, AttackRuns attacks,
                     Supplier<Optional<String>> lock) {
        this.notebooks = notebooks;
        this.katas = katas;
        this.kernels = kernels;
        this.attacks = attacks;
        this.lock = lock;
        this.sessions = new NotebookSessions(kernels, katas, notebooks);
    }

    /** A workspace that is never locked. */
    public Workspace(NotebookStore notebooks, KataSources katas, Kernels kernels, AttackRuns attacks) {
        this(notebooks, katas, kernels, attacks, Optional::empty);
    }

    public NotebookStore notebooks() {
        return notebooks;
    }

    public KataSources katas() {
        return katas;
    }

    public Kernels kernels() {
        return kernels;
    }

    public AttackRuns attacks() {
        return attacks;
    }

    /** Why changes are refused now, if they are. */
    public Optional<String> lock() {
        return lock.get();
    }

    /** Which kernel serves which open notebook (Jupyter's sessions). */
    public NotebookSessions sessions() {
        return sessions;
    }
}
