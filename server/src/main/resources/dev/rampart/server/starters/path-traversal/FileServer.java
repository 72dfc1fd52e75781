package dev.rampart.kata.pathtraversal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the files under one folder: the handler behind {@code GET /files/{path}}.
 */
public final class FileServer {

    private final Path root;

    /** @param root the folder whose files are served */
    public FileServer(Path root) {
        this.root = root.toAbsolutePath();
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
        // Links written on Windows use backslashes.
        String name = decode(requestedPath).replace('\\', '/');
        Path file = root.resolve(name);
        if (!file.toString().startsWith(root.toString())) {
            throw new AccessDeniedException(requestedPath, null, "outside the served folder");
        }
        return Files.readAllBytes(file);
    }

    /** Some proxies encode the path a second time, so decode until nothing changes. */
    private static String decode(String path) {
        String decoded = path;
        String previous;
        do {
            previous = decoded;
            decoded = URLDecoder.decode(previous, StandardCharsets.UTF_8);
        } while (!decoded.equals(previous));
        return decoded;
    }
}
