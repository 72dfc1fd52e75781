package dev.rampart.server.dojo;

import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.Principal;
import dev.rampart.server.workspace.Workspace;
import dev.rampart.server.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each participant's own workspace: on their first visit, a private copy of the katas as
 * released ({@link ReleasedKatas}: the catalogue, the lessons and the starters as committed,
 * whatever the facilitator's checkout holds) into {@code <dojo>/participants/<id>/}; then their own notebook store, kata
 * sources, kernels (through the room's queue) and attack runs (recorded on the board), all
 * over that folder alone. The workspace is found from the principal the guard admitted, never
 * from an id in the request. A paused or ended room locks every workspace; an ended one also
 * stops their kernels.
 *
 * <p>Kernels: notebooks hold at most {@code notebookSeats} of the room's kernels, so the rest
 * are always there for attack runs. A notebook or an attack run that finds none waits in its
 * own line ({@link KernelQueue}): an attack run never waits behind people who want a notebook,
 * who may be waiting for the very kernels the attack run would give back. Attack kernels stay
 * warm between a participant's runs only while nobody waits: as soon as someone does, the idle
 * ones are given back.
 */
public final class DojoWorkspaces implements Workspaces {

    /** Builds the parts of a workspace over one folder, for one owner: real ones in {@code Main}, fakes in tests. */
    @FunctionalInterface
    public interface Factory {
        Workspace create(String owner, Path folder);
    }

    private final Room room;
    private final ReleasedKatas release;
    private final Factory factory;
    private final KernelQueue notebookLine;
    private final KernelQueue attackLine;
    private final NotebookSeats seats;
    private final Map<String, Workspace> open = new ConcurrentHashMap<>();

    /**
     * @param release  what each participant gets a copy of: the katas as released, never a folder someone works in
     * @param patience how long a place in line is kept without its holder asking again
     */
    public DojoWorkspaces(Room room, ReleasedKatas release, Factory factory, int notebookSeats, Clock clock, Duration patience) {
        this.room = room;
        this.release = release;
        this.factory = factory;
        this.notebookLine = new KernelQueue(clock, patience);
        this.attackLine = new KernelQueue(clock, patience);
        this.seats = new NotebookSeats(notebookSeats,
                () -> open.values().stream().mapToInt(workspace -> workspace.kernels().list().size()).sum());
        Runnable giveBackIdleAttackKernels = () -> open.values().forEach(workspace -> workspace.attacks().release());
        notebookLine.onWait(giveBackIdleAttackKernels);
        attackLine.onWait(giveBackIdleAttackKernels);
        room.onStateChange(state -> {
            if (state == RoomState.ENDED) {
                open.values().forEach(workspace -> {
                    workspace.kernels().shutdownAll();
                    workspace.attacks().release();
                });
            }
        });
    }

    @Override
    public Optional<Workspace> of(Principal principal) {
        if (principal.role() != Principal.Role.PARTICIPANT || room.participant(principal.id()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open.computeIfAbsent(principal.id(), this::create));
    }

    /** The participant's workspace for the facilitator's actions (reset a kata), if they have joined. */
    public Optional<Workspace> existing(String participantId) {
        if (room.participant(participantId).isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isDirectory(room.workspaceOf(participantId))) {
            return Optional.empty();
        }
        return Optional.of(open.computeIfAbsent(participantId, this::create));
    }

    /** Stops a participant's kernels and forgets their open workspace (the room has removed them). */
    public void close(String participantId) {
        var workspace = open.remove(participantId);
        if (workspace != null) {
            workspace.kernels().shutdownAll();
            workspace.attacks().release();
        }
    }

    /** Who waits for a kernel now, in order of arrival per line: the notebooks' line, then the attack runs'. */
    public List<String> waiting() {
        var waiting = new LinkedHashSet<>(notebookLine.waiting());
        waiting.addAll(attackLine.waiting());
        return List.copyOf(waiting);
    }

    private Workspace create(String participantId) {
        var folder = room.workspaceOf(participantId);
        if (!Files.isDirectory(folder)) {
            copyWorkspace(release, folder);
            room.joined(participantId);
        }
        var parts = factory.create(participantId, folder);
        return new Workspace(parts.notebooks(), parts.katas(), new QueuedKernels(parts.kernels(), notebookLine, seats, participantId),
                new RecordingAttackRuns(new QueuedAttackRuns(parts.attacks(), attackLine, participantId), room, participantId), room::lock);
    }

    /**
     * Writes the katas as released into {@code folder}: into a temporary sibling first, then
     * renamed, so a half-made workspace is never seen (or kept after a crash).
     */
    static void copyWorkspace(ReleasedKatas release, Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            var partial = folder.resolveSibling("." + folder.getFileName() + ".copying");
            deleteTree(partial);
            Files.createDirectories(partial);
            release.copyTo(partial);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the katas into " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            for (var path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
