package dev.rampart.server.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.NameTooLongException;
import dev.rampart.server.security.OutsideWorkspaceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The workspace's notebooks: list, open, create, save, rename, copy, delete, checkpoints.
 *
 * <p>Every path goes through {@link Confinement} first. Notebooks are validated against the
 * nbformat 4.5 schema when opened and before being saved; saves are atomic, refuse to overwrite
 * a version other than the one the client opened, and leave a file untouched when its content
 * did not change. Mutations are serialised by one lock (saves are rare and small; a lock per
 * file would buy nothing here).
 */
public final class NotebookStore {

    static final String EXTENSION = ".ipynb";

    private final Confinement confinement;
    private final NotebookSchema schema;
    private final NotebookLimits limits;
    private final Checkpoints checkpoints = Checkpoints.besideTheFile();
    private final Object writes = new Object();

    public NotebookStore(Confinement confinement, NotebookSchema schema, NotebookLimits limits) {
        this.confinement = confinement;
        this.schema = schema;
        this.limits = limits;
    }

    /** A new, empty nbformat 4.5 notebook for the Java kernel. */
    public static ObjectNode emptyNotebook() {
        var nodes = JsonNodeFactory.instance;
        var notebook = nodes.objectNode();
        var metadata = notebook.putObject("metadata");
        metadata.putObject("kernelspec").put("display_name", "Java").put("language", "java").put("name", "java");
        metadata.putObject("language_info").put("file_extension", ".java").put("mimetype", "text/x-java-source")
                .put("name", "java");
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        var cell = notebook.putArray("cells").addObject();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        cell.put("id", UUID.randomUUID().toString().substring(0, 8));
        cell.putObject("metadata");
        cell.putArray("outputs");
        cell.put("source", "");
        return notebook;
    }

    /**
     * {@code path}, if it names a place inside the workspace (it need not exist yet): for what
     * refers to a notebook without opening it, as a kernel session does.
     *
     * @throws OutsideWorkspaceException when it leads anywhere else
     */
    public String inside(String path) {
        confinement.resolve(path);
        return path;
    }

    public EntryType typeOf(String path) {
        return entry(existing(path)).type();
    }

    public Listing list(String folderPath) {
        var folder = existing(folderPath);
        if (!Files.isDirectory(folder)) {
            throw new UnsupportedFileException("That is a file, not a folder: open it instead of listing it");
        }
        var entries = new ArrayList<Entry>();
        try (var children = Files.list(folder)) {
            for (var child : (Iterable<Path>) children::iterator) {
                visible(child).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the folder", e);
        }
        entries.sort(Comparator.comparing((Entry e) -> e.type() != EntryType.DIRECTORY).thenComparing(Entry::name));
        return new Listing(entry(folder), entries);
    }

    public NotebookDocument open(String path) {
        var file = notebookFile(path);
        if (!Files.isRegularFile(file)) {
            throw new MissingFileException("That notebook");
        }
        var bytes = read(file);
        var json = new String(bytes, StandardCharsets.UTF_8);
        var content = NotebookJson.read(json);
        schema.check(json);
        return new NotebookDocument(entry(file), content, Versions.of(bytes));
    }

    /**
     * Saves {@code content} at {@code path}.
     *
     * @param ifMatch the version the client opened; required when the file exists, absent when creating it
     * @throws StaleVersionException    when the file on disk is not that version (nothing is written)
     * @throws VersionRequiredException when overwriting without saying which version
     */
    public SaveResult save(String path, JsonNode content, Optional<String> ifMatch) {
        var file = notebookFile(path);
        var bytes = NotebookJson.writeBytes(content);
        checkSize(content, bytes);
        schema.check(NotebookJson.compact(content));
        synchronized (writes) {
            if (!Files.isDirectory(file.getParent())) {
                throw new MissingFileException("The folder to save in");
            }
            if (Files.exists(file)) {
                var current = read(file);
                var currentVersion = Versions.of(current);
                if (ifMatch.isEmpty()) {
                    throw new VersionRequiredException();
                }
                if (!ifMatch.get().equals(currentVersion)) {
                    throw new StaleVersionException(currentVersion);
                }
                if (sameContent(current, content)) {
                    return new SaveResult(entry(file), currentVersion, false);
                }
            } else if (ifMatch.isPresent()) {
                // The client opened a file that has since been deleted or renamed: do not resurrect it silently.
                throw new StaleVersionException("");
            }
            write(file, bytes);
            return new SaveResult(entry(file), Versions.of(bytes), true);
        }
    }

    /** Creates {@code Untitled.ipynb} (or {@code Untitled1.ipynb}, ...) in the folder. */
    public Entry create(String folderPath) {
        var folder = folder(folderPath);
        var bytes = NotebookJson.writeBytes(emptyNotebook());
        synchronized (writes) {
            for (var i = 0; ; i++) {
                var file = folder.resolve("Untitled" + (i == 0 ? "" : i) + EXTENSION);
                if (!Files.exists(file)) {
                    write(file, bytes);
                    return entry(file);
                }
            }
        }
    }

    /** Creates {@code Untitled Folder} (or {@code Untitled Folder 1}, ...) in the folder. */
    public Entry createFolder(String parentPath) {
        var parent = folder(parentPath);
        synchronized (writes) {
            for (var i = 0; ; i++) {
                var folder = parent.resolve("Untitled Folder" + (i == 0 ? "" : " " + i));
                if (!Files.exists(folder)) {
                    try {
                        Files.createDirectory(folder);
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot create the folder", e);
                    }
                    return entry(folder);
                }
            }
        }
    }

    /** Copies a notebook into a folder as {@code NAME-Copy1.ipynb} (the first free number), byte for byte. */
    public Entry copy(String fromPath, String toFolderPath) {
        var from = notebookFile(fromPath);
        if (!Files.isRegularFile(from)) {
            throw new MissingFileException("The notebook to copy");
        }
        var folder = folder(toFolderPath);
        var name = from.getFileName().toString();
        var stem = name.substring(0, name.length() - EXTENSION.length());
        synchronized (writes) {
            for (var i = 1; ; i++) {
                var target = folder.resolve(Confinement.checkName(stem + "-Copy" + i + EXTENSION));
                if (!Files.exists(target)) {
                    write(target, read(from));
                    return entry(target);
                }
            }
        }
    }

    /** Renames (or moves) a notebook or a folder; refuses to overwrite. A notebook's checkpoint moves along. */
    public Entry rename(String fromPath, String toPath) {
        var folder = Files.isDirectory(confinement.resolve(fromPath));
        var from = folder ? existing(fromPath) : notebookFile(fromPath);
        var to = folder ? confinement.resolve(toPath) : notebookFile(toPath);
        if (from.equals(confinement.root())) {
            throw new UnsupportedFileException("The workspace itself cannot be renamed");
        }
        if (to.startsWith(from)) {
            throw new UnsupportedFileException("A folder cannot be moved into itself");
        }
        synchronized (writes) {
            if (!Files.exists(from)) {
                throw new MissingFileException("The notebook to rename");
            }
            if (!Files.isDirectory(to.getParent())) {
                throw new MissingFileException("The target folder");
            }
            try {
                // No ATOMIC_MOVE: on POSIX it would replace an existing target; a plain move refuses to.
                Files.move(from, to);
            } catch (FileAlreadyExistsException e) {
                throw new FileExistsException();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot rename", e);
            }
            if (!folder) {
                checkpoints.move(from, to);
            }
            return entry(to);
        }
    }

    /** The entry at {@code path}, without its content. */
    public Entry describe(String path) {
        return entry(existing(path));
    }

    /** Deletes a notebook (and its checkpoint) or an empty folder. */
    public void delete(String path) {
        var file = existing(path);
        if (file.equals(confinement.root())) {
            throw new UnsupportedFileException("The workspace itself cannot be deleted");
        }
        synchronized (writes) {
            try {
                if (Files.isDirectory(file)) {
                    Files.delete(file);
                } else {
                    notebookFile(path);
                    Files.delete(file);
                    checkpoints.deleteIfAny(file);
                }
            } catch (DirectoryNotEmptyException e) {
                throw new UnsupportedFileException("Only empty folders can be deleted: delete what is inside first");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete", e);
            }
        }
    }

    /**
     * Puts {@code released} (a lesson as it shipped) at {@code path}, after making the checkpoint
     * of what is there, so restoring the checkpoint undoes it. Creates the file (and its folder)
     * if the learner deleted it.
     *
     * @throws InvalidNotebookException when {@code released} is not a notebook (nothing is written)
     */
    public SaveResult reset(String path, byte[] released) {
        var file = notebookFile(path);
        schema.check(new String(released, StandardCharsets.UTF_8));
        synchronized (writes) {
            try {
                if (Files.isRegularFile(file)) {
                    checkpoints.create(file);
                } else {
                    Files.createDirectories(file.getParent());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make the lesson's folder", e);
            }
            write(file, released);
            return new SaveResult(entry(file), Versions.of(released), true);
        }
    }

    public Checkpoint createCheckpoint(String path) {
        var file = existingNotebook(path);
        synchronized (writes) {
            return checkpoints.create(file);
        }
    }

    public List<Checkpoint> checkpoints(String path) {
        return checkpoints.list(existingNotebook(path));
    }

    /** Puts the checkpoint's content back (after checking it is still a valid notebook). */
    public SaveResult restoreCheckpoint(String path, String id) {
        var file = existingNotebook(path);
        synchronized (writes) {
            var bytes = checkpoints.read(file, id);
            schema.check(new String(bytes, StandardCharsets.UTF_8));
            write(file, bytes);
            return new SaveResult(entry(file), Versions.of(bytes), true);
        }
    }

    public void deleteCheckpoint(String path, String id) {
        var file = existingNotebook(path);
        synchronized (writes) {
            checkpoints.delete(file, id);
        }
    }

    private void checkSize(JsonNode content, byte[] bytes) {
        if (bytes.length > limits.maxNotebookBytes()) {
            throw new TooLargeException("The notebook", limits.maxNotebookBytes());
        }
        for (var cell : content.path("cells")) {
            for (var output : cell.path("outputs")) {
                if (NotebookJson.compact(output).length() > limits.maxOutputBytes()) {
                    throw new TooLargeException("A cell output", limits.maxOutputBytes());
                }
            }
        }
    }

    private static boolean sameContent(byte[] current, JsonNode content) {
        try {
            return NotebookJson.read(current).equals(content);
        } catch (InvalidNotebookException e) {
            return false;
        }
    }

    private Path notebookFile(String path) {
        var file = confinement.resolve(path);
        if (!file.getFileName().toString().endsWith(EXTENSION) || file.getFileName().toString().equals(EXTENSION)) {
            throw new UnsupportedFileException("Only notebooks (.ipynb) are handled here; kata sources are under /api/katas");
        }
        return file;
    }

    private Path existingNotebook(String path) {
        var file = notebookFile(path);
        if (!Files.isRegularFile(file)) {
            throw new MissingFileException("That notebook");
        }
        return file;
    }

    private Path existing(String path) {
        var file = confinement.resolve(path);
        if (!Files.exists(file)) {
            throw new MissingFileException("That path");
        }
        return file;
    }

    private Path folder(String path) {
        var folder = existing(path);
        if (!Files.isDirectory(folder)) {
            throw new MissingFileException("That folder");
        }
        return folder;
    }

    private byte[] read(Path file) {
        try {
            if (Files.size(file) > limits.maxNotebookBytes()) {
                throw new TooLargeException("The notebook", limits.maxNotebookBytes());
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the notebook", e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the notebook", e);
        }
    }

    /** A listing entry for a child, unless it is hidden, build output or leads out of the workspace. */
    private Optional<Entry> visible(Path child) {
        var name = child.getFileName().toString();
        if (name.startsWith(".") || (name.equals("target") && Files.isDirectory(child))) {
            return Optional.empty();
        }
        try {
            confinement.resolve(confinement.relativize(child));
            return Optional.of(entry(child));
        } catch (OutsideWorkspaceException | NameTooLongException | UncheckedIOException e) {
            // A name longer than the API takes (made outside it) could not be opened either.
            return Optional.empty();
        }
    }

    private Entry entry(Path file) {
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            var type = attributes.isDirectory() ? EntryType.DIRECTORY
                    : file.getFileName().toString().endsWith(EXTENSION) ? EntryType.NOTEBOOK : EntryType.FILE;
            var name = file.equals(confinement.root()) ? "" : file.getFileName().toString();
            return new Entry(name, confinement.relativize(file), type, attributes.creationTime().toInstant(),
                    attributes.lastModifiedTime().toInstant(), attributes.isDirectory() ? 0 : attributes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the file's attributes", e);
        }
    }
}
