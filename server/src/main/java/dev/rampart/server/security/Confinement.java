package dev.rampart.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Turns a client's relative path into a file inside the workspace, or refuses it.
 *
 * <p>The rules of the path-traversal kata, applied to the server itself:
 * <ul>
 *   <li>the path arrives already URL-decoded once (by the HTTP layer) and is never decoded
 *       again, so {@code %2e%2e} that survived one decoding stays a harmless file name;</li>
 *   <li>absolute paths, backslashes, NUL and control characters, {@code .} and {@code ..}
 *       segments are refused outright, and so are hidden names (a leading dot: {@code .git},
 *       {@code .env}, checkpoints);</li>
 *   <li>containment is decided on the <em>real</em> path: the deepest part that exists is
 *       resolved through its symlinks and must lie inside the workspace's real path, compared
 *       segment by segment with {@link Path#startsWith(Path)}, never as strings (with strings,
 *       {@code /srv/ws-evil} "starts with" {@code /srv/ws}: the sibling-prefix bug).</li>
 * </ul>
 * A symlink inside the workspace that points inside it still works.
 *
 * <p>Not a defence against a local user racing the check by swapping in symlinks: that user
 * can already read the files directly.
 */
public final class Confinement {

    private static final Pattern FORBIDDEN_CHARACTERS = Pattern.compile("[\\x00-\\x1f\\x7f\\\\]");

    /**
     * The longest name (one segment of a path) the workspace takes, in bytes of UTF-8. File systems
     * stop at 255, and a save first writes a hidden temporary file beside the target,
     * {@code .NAME.<uuid>.tmp}, 42 bytes longer than the name.
     */
    public static final int MAX_NAME_BYTES = 200;
    /** The longest path inside the workspace, in bytes of UTF-8 (the system's limit, 4096, counts the workspace's own path too). */
    public static final int MAX_PATH_BYTES = 1024;

    private final Path root;

    /** @param root the workspace folder; it must exist */
    public Confinement(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("The workspace " + root + " does not exist: pass --workspace with an existing folder", e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("The workspace " + root + " is not a folder: pass --workspace with a folder");
        }
    }

    /**
     * Refuses a name longer than {@link #MAX_NAME_BYTES}: for names the server makes up itself
     * ({@code NAME-Copy1.ipynb}), as {@link #resolve} does for the client's.
     *
     * @throws NameTooLongException when it is
     */
    public static String checkName(String name) {
        if (bytes(name) > MAX_NAME_BYTES) {
            throw new NameTooLongException("name", MAX_NAME_BYTES);
        }
        return name;
    }

    private static int bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** The workspace's real path. */
    public Path root() {
        return root;
    }

    /**
     * The file {@code relative} names inside the workspace (which need not exist yet).
     *
     * @param relative a {@code /}-separated path relative to the workspace; empty means the workspace itself
     * @throws OutsideWorkspaceException when the path could lead anywhere else
     */
    public Path resolve(String relative) {
        if (relative == null) {
            throw new OutsideWorkspaceException("", "no path");
        }
        if (FORBIDDEN_CHARACTERS.matcher(relative).find()) {
            throw new OutsideWorkspaceException(relative, "control character or backslash");
        }
        if (relative.startsWith("/") || relative.matches("^[A-Za-z]:.*")) {
            throw new OutsideWorkspaceException(relative, "absolute path");
        }
        if (bytes(relative) > MAX_PATH_BYTES) {
            throw new NameTooLongException("path", MAX_PATH_BYTES);
        }
        var candidate = root;
        for (var segment : relative.split("/", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new OutsideWorkspaceException(relative, "dot segment");
            }
            if (segment.startsWith(".")) {
                throw new OutsideWorkspaceException(relative, "hidden name");
            }
            checkName(segment);
            candidate = candidate.resolve(segment);
        }
        candidate = candidate.normalize();
        if (!candidate.startsWith(root)) {
            throw new OutsideWorkspaceException(relative, "outside the workspace");
        }
        return realInside(relative, candidate);
    }

    /** {@code file} as a {@code /}-separated path relative to the workspace ({@code ""} for the workspace). */
    public String relativize(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Resolves the deepest existing ancestor through its symlinks; it must still be inside. */
    private Path realInside(String requested, Path candidate) {
        var existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (IOException e) {
            throw new OutsideWorkspaceException(requested, "dangling symlink");
        }
        if (!real.startsWith(root)) {
            throw new OutsideWorkspaceException(requested, "symlink out of the workspace");
        }
        return real.resolve(existing.relativize(candidate));
    }
}
