package dev.rampart.server.dojo;

import dev.rampart.server.security.Principal;
import dev.rampart.server.workspace.Workspace;
import dev.rampart.server.workspace.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each participant's own workspace: on their first visit, a private copy of the katas and
 * lessons ({@code README.md}, {@code notebooks/}, {@code src/main/java/}) from the source
 * workspace into {@code <dojo>/participants/<id>/}; then their own notebook store, kata
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

    /** What the copied folder holds: the catalogue, the lessons, the starters. */
    static final List<String> COPIED = List.of("README.md", "notebooks", "src/main/java");

    /** Builds the parts of a workspace over one folder, for one owner: real ones in {@code Main}, fakes in tests. */
    @FunctionalInterface
    public interface Factory {
        Workspace create(String owner, Path folder);
    }

    private final Room room;
    private final Path source;
    private final Factory factory;
    private final KernelQueue notebookLine;
    private final KernelQueue attackLine;
    private final NotebookSeats seats;
    private final Map<String, Workspace> open = new ConcurrentHashMap<>();

    /** @param patience how long a place in line is kept without its holder asking again */
    public DojoWorkspaces(Room room, Path source, Factory factory, int notebookSeats, Clock clock, Duration patience) {
        this.room = room;
        this.source = source;
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
            copy(folder);
            room.joined(participantId);
        }
        var parts = factory.create(participantId, folder);
        return new Workspace(parts.notebooks(), parts.katas(), new QueuedKernels(parts.kernels(), notebookLine, seats, participantId),
                new RecordingAttackRuns(new QueuedAttackRuns(parts.attacks(), attackLine, participantId), room, participantId), room::lock);
    }

    private void copy(Path folder) {
        copyWorkspace(source, folder);
    }

    /** Copies into a temporary sibling, then renames: a half-copied workspace is never seen (or kept after a crash). */
    static void copyWorkspace(Path source, Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            var partial = folder.resolveSibling("." + folder.getFileName() + ".copying");
            deleteTree(partial);
            Files.createDirectories(partial);
            for (var part : COPIED) {
                var from = source.resolve(part);
                if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                    copyTree(from, partial.resolve(part));
                }
            }
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the katas into " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Copies regular files and folders; symbolic links and hidden names (build output, editor files) stay behind. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                    var target = to.resolve(from.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
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
