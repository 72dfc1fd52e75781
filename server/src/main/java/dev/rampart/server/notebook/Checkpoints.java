package dev.rampart.server.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One checkpoint per file, stored where {@code location} says (for notebooks Jupyter's
 * {@code .ipynb_checkpoints/NAME-checkpoint.ipynb}, for kata sources outside {@code src/} so
 * the compiler never sees them). Writes are atomic.
 */
final class Checkpoints {

    static final String ID = "checkpoint";

    private final UnaryOperator<Path> location;

    Checkpoints(UnaryOperator<Path> location) {
        this.location = location;
    }

    /** Jupyter's layout: {@code dir/.ipynb_checkpoints/name-checkpoint.ext}. */
    static Checkpoints besideTheFile() {
        return new Checkpoints(file -> {
            var name = file.getFileName().toString();
            var dot = name.lastIndexOf('.');
            var checkpointName = dot < 0 ? name + "-checkpoint" : name.substring(0, dot) + "-checkpoint" + name.substring(dot);
            return file.resolveSibling(".ipynb_checkpoints").resolve(checkpointName);
        });
    }

    Checkpoint create(Path file) {
        try {
            var copy = location.apply(file);
            AtomicFiles.write(copy, Files.readAllBytes(file));
            return new Checkpoint(ID, Files.getLastModifiedTime(copy).toInstant());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint", e);
        }
    }

    List<Checkpoint> list(Path file) {
        var copy = location.apply(file);
        try {
            return Files.isRegularFile(copy) ? List.of(new Checkpoint(ID, Files.getLastModifiedTime(copy).toInstant())) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint", e);
        }
    }

    byte[] read(Path file, String id) {
        var copy = existing(file, id);
        try {
            return Files.readAllBytes(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint", e);
        }
    }

    void delete(Path file, String id) {
        try {
            Files.delete(existing(file, id));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the checkpoint", e);
        }
    }

    /** Moves the checkpoint along when its file is renamed. */
    void move(Path from, Path to) {
        var copy = location.apply(from);
        if (Files.isRegularFile(copy)) {
            try {
                var target = location.apply(to);
                Files.createDirectories(target.getParent());
                Files.move(copy, target);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot move the checkpoint", e);
            }
        }
    }

    void deleteIfAny(Path file) {
        try {
            Files.deleteIfExists(location.apply(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the checkpoint", e);
        }
    }

    private Path existing(Path file, String id) {
        var copy = location.apply(file);
        if (!ID.equals(id) || !Files.isRegularFile(copy)) {
            throw new MissingFileException("That checkpoint");
        }
        return copy;
    }
}
