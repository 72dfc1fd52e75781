package dev.rampart.kata.pathtraversal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Serves the files under one folder: the handler behind {@code GET /files/{path}}.
 *
 * <p>A file is served only if it really lies under the folder: after decoding, after
 * {@code ..}, and after following every symbolic link on the way. The checks compare
 * {@link Path}s, never strings.
 */
public final class FileServer {

    private final Path root;

    /**
     * @param root the folder whose files are served; it must exist
     * @throws UncheckedIOException if the folder cannot be found
     */
    public FileServer(Path root) {
        try {
            // The real path: the folder may itself be reached through a link (a deploy's "current").
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve " + root + ": create the folder or fix the setting", e);
        }
    }

    /**
     * Reads one file under the served folder.
     *
     * @param requestedPath the part of the URL after {@code /files/}, still percent-encoded
     * @return the file's contents
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws AccessDeniedException             if the path leads outside the served folder
     */
    public byte[] read(String requestedPath) throws IOException {
        Path requested = resolve(requestedPath);
        // Refuse on the path's names alone first, before touching the disk, so that a refusal
        // never tells the caller whether a file outside the folder exists.
        if (!requested.normalize().startsWith(root)) {
            throw refused(requestedPath);
        }
        // The check that counts: where the file really is once every link is followed.
        // Path.startsWith compares whole names, so /srv/uploads-evil is not under /srv/uploads.
        Path file = requested.toRealPath();
        if (!file.startsWith(root)) {
            throw refused(requestedPath);
        }
        // NOFOLLOW_LINKS: if the file was swapped for a link since the check, opening it fails.
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return in.readAllBytes();
        }
    }

    private Path resolve(String requestedPath) throws AccessDeniedException {
        try {
            // Decode exactly once: the request was encoded once, so a "%2e" left afterwards is
            // part of a file name, not a dot.
            String name = URLDecoder.decode(requestedPath, StandardCharsets.UTF_8).replace('\\', '/');
            return root.resolve(name);
        } catch (IllegalArgumentException e) {
            // Broken escapes (%zz) or a character no file name can hold (NUL): a bad request,
            // answered like any refusal rather than with a crash.
            throw new AccessDeniedException(requestedPath, null, "not a valid path");
        }
    }

    private static AccessDeniedException refused(String requestedPath) {
        return new AccessDeniedException(requestedPath, null, "leads outside the served folder; request a path inside it");
    }
}
