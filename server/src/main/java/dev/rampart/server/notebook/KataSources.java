package dev.rampart.server.notebook;

import dev.rampart.contract.Kata;
import dev.rampart.server.security.Confinement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A kata's source files in the learner's workspace: the very files
 * {@code ./mvnw test -pl katas -Dkata=ID} compiles, so a fix made in the browser is the fix the
 * suite sees.
 *
 * <p>Only Java source files directly in the kata's package folder are reachable, through the
 * same {@link Confinement} as notebooks (a symlinked package folder pointing elsewhere is
 * refused). Saves are atomic and version-checked like notebook saves. Reset writes the
 * pristine starter back, after taking a checkpoint of every file it replaces; checkpoints live
 * in {@code .rampart/checkpoints/} at the workspace root, outside {@code src/}, where the
 * compiler would trip over a second copy of each class.
 */
public final class KataSources {

    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,100}\\.java");

    private final Confinement workspace;
    private final ReleasedKatas released;
    private final long maxSourceBytes;
    private final Checkpoints checkpoints;
    private final Object writes = new Object();

    public KataSources(Confinement workspace, ReleasedKatas released, long maxSourceBytes) {
        this.workspace = workspace;
        this.released = released;
        this.maxSourceBytes = maxSourceBytes;
        var store = workspace.root().resolve(".rampart").resolve("checkpoints");
        this.checkpoints = new Checkpoints(file -> store.resolve(file.getParent().getFileName().toString())
                .resolve(file.getFileName().toString()));
    }

    public List<Kata> katas() {
        return released.katas();
    }

    /** The kata with this id, resolved once here and passed on (to a kernel, an attack run) from then on. */
    public Kata kata(String id) {
        return released.find(id).orElseThrow(() -> new MissingFileException("That kata"));
    }

    /** The kata's source files as they are in the workspace now (the starter's names if the folder is gone). */
    public List<String> files(String id) {
        var kata = kata(id);
        var folder = workspace.resolve(kata.workspaceSources());
        if (!Files.isDirectory(folder)) {
            return released.files(kata);
        }
        var names = new TreeSet<String>();
        try (var children = Files.list(folder)) {
            children.map(child -> child.getFileName().toString())
                    .filter(name -> SOURCE_NAME.matcher(name).matches())
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the kata's sources", e);
        }
        return List.copyOf(names);
    }

    public SourceFile read(String id, String name) {
        var kata = kata(id);
        var file = source(kata, name);
        if (!Files.isRegularFile(file)) {
            throw new MissingFileException("That source file");
        }
        return sourceFile(kata, file, readBytes(file));
    }

    /**
     * Saves a source file.
     *
     * @param ifMatch the version the client opened; required when the file exists
     */
    public SourceFile write(String id, String name, String content, Optional<String> ifMatch) {
        var kata = kata(id);
        var file = source(kata, name);
        var bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxSourceBytes) {
            throw new TooLargeException("The source file", maxSourceBytes);
        }
        synchronized (writes) {
            if (!Files.isDirectory(file.getParent())) {
                throw new MissingFileException("The kata's source folder");
            }
            if (Files.exists(file)) {
                var currentVersion = Versions.of(readBytes(file));
                if (ifMatch.isEmpty()) {
                    throw new VersionRequiredException();
                }
                if (!ifMatch.get().equals(currentVersion)) {
                    throw new StaleVersionException(currentVersion);
                }
            } else if (ifMatch.isPresent()) {
                throw new StaleVersionException("");
            }
            write(file, bytes);
            return sourceFile(kata, file, bytes);
        }
    }

    /** Puts the starter back, keeping a checkpoint of each file it replaces. Files the learner added stay. */
    public List<SourceFile> reset(String id) {
        var kata = kata(id);
        synchronized (writes) {
            var reset = new ArrayList<SourceFile>();
            for (var name : released.files(kata)) {
                var file = source(kata, name);
                if (Files.isRegularFile(file)) {
                    checkpoints.create(file);
                } else {
                    checkpoints.deleteIfAny(file);
                }
                var pristine = released.pristine(kata, name);
                write(file, pristine);
                reset.add(sourceFile(kata, file, pristine));
            }
            return reset;
        }
    }

    /** The kata's lesson as released (its cells as they shipped, no outputs): what "Reset lesson" puts back. */
    public byte[] releasedLesson(String id) {
        return released.lesson(kata(id)).orElseThrow(() -> new MissingFileException("That kata's lesson"));
    }

    /** The checkpoint the last reset took, if any. */
    public List<Checkpoint> checkpoints(String id) {
        var kata = kata(id);
        return released.files(kata).stream()
                .flatMap(name -> checkpoints.list(source(kata, name)).stream())
                .max(Comparator.comparing(Checkpoint::lastModified))
                .map(List::of).orElse(List.of());
    }

    /** Puts back the files as they were before the last reset. */
    public List<SourceFile> restore(String id, String checkpointId) {
        var kata = kata(id);
        if (checkpoints(id).isEmpty() || !Checkpoints.ID.equals(checkpointId)) {
            throw new MissingFileException("That checkpoint");
        }
        synchronized (writes) {
            var restored = new ArrayList<SourceFile>();
            for (var name : released.files(kata)) {
                var file = source(kata, name);
                if (!checkpoints.list(file).isEmpty()) {
                    var bytes = checkpoints.read(file, checkpointId);
                    write(file, bytes);
                    restored.add(sourceFile(kata, file, bytes));
                }
            }
            return restored;
        }
    }

    private Path source(Kata kata, String name) {
        if (name == null || !SOURCE_NAME.matcher(name).matches()) {
            throw new UnsupportedFileException("Kata files are Java sources in the kata's package, like FileServer.java");
        }
        return workspace.resolve(kata.workspaceSources() + "/" + name);
    }

    private SourceFile sourceFile(Kata kata, Path file, byte[] bytes) {
        try {
            return new SourceFile(kata.id(), file.getFileName().toString(), new String(bytes, StandardCharsets.UTF_8),
                    Versions.of(bytes), Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the source file's time", e);
        }
    }

    private byte[] readBytes(Path file) {
        try {
            if (Files.size(file) > maxSourceBytes) {
                throw new TooLargeException("The source file", maxSourceBytes);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the source file", e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the source file", e);
        }
    }
}
