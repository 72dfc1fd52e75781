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

    private AtomicFiles() {
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
