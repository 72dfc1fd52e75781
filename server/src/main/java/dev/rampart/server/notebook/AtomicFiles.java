package dev.rampart.server.notebook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/**
 * Writes that never leave a half-written file: the bytes go to a temporary file in the same
 * folder, are forced to disk, and the temporary file is renamed over the target in one atomic
 * step. A crash leaves the old file or the new one, never a mix; a reader never sees a torn file.
 */
public final class AtomicFiles {

    /** The temporary files {@link #write} makes: {@code .NAME.<uuid>.tmp}, nothing a person would name a file. */
    private static final java.util.regex.Pattern TEMPORARY = java.util.regex.Pattern.compile(
            "\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

    private AtomicFiles() {
    }

    /**
     * Removes the temporary files that writes cut short left under {@code folder} (a {@code kill -9}
     * between writing one and renaming it): call at start, before anything writes there. Follows
     * no symbolic link, and skips {@code .git}.
     *
     * @return how many were removed
     */
    public static int removeLeftovers(Path folder) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        var removed = new int[1];
        try {
            Files.walkFileTree(folder, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attributes) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes)
                        throws IOException {
                    if (attributes.isRegularFile() && TEMPORARY.matcher(file.getFileName().toString()).matches()) {
                        Files.deleteIfExists(file);
                        removed[0]++;
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE; // unreadable: not ours to clean
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot look for the temporary files of interrupted saves in " + folder, e);
        }
        return removed[0];
    }

    public static void write(Path target, byte[] content) throws IOException {
        var folder = target.getParent();
        Files.createDirectories(folder);
        var temporary = folder.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (var channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                var buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            keepPermissions(target, temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The replaced file keeps its permissions (a fresh temporary file would not have them). */
    private static void keepPermissions(Path target, Path temporary) throws IOException {
        var view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        if (view != null && Files.exists(target)) {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
        }
    }

    /** Makes the rename itself durable; not every platform can open a folder, and then the rename is as durable as it gets. */
    private static void syncFolder(Path folder) {
        try (var channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Windows cannot open folders; NTFS journals the rename.
        } catch (IOException e) {
            // Same: the data is on disk, only the directory entry's flush is best effort.
        }
    }
}
