package dev.rampart.kata.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A temporary folder for a lesson notebook to build its victim's files in (a site to serve, an
 * upload, a repository to scan), removed with everything in it when this JVM (in a notebook, the
 * kernel) exits.
 *
 * <pre>{@code
 * var site = LessonFolder.create("path-traversal");
 * }</pre>
 *
 * <p>Not for suites: they take a JUnit {@code @TempDir}, which is removed when the test ends.
 */
public final class LessonFolder {

    private static final List<Path> FOLDERS = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FOLDERS.forEach(LessonFolder::deleteQuietly),
                "rampart-lesson-folders"));
    }

    private LessonFolder() {
    }

    /**
     * A new, empty folder, its real path (links resolved, as the file system will report it).
     * Each call makes another: a cell that runs again starts from nothing.
     *
     * @param lesson the lesson's kata id, which names the folder
     */
    public static Path create(String lesson) {
        try {
            var folder = Files.createTempDirectory("rampart-lesson-" + lesson.replaceAll("[^a-z0-9-]", "") + "-").toRealPath();
            FOLDERS.add(folder);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a folder for the lesson in " + System.getProperty("java.io.tmpdir")
                    + "; set java.io.tmpdir to a writable folder", e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file); // a link is deleted, never what it points to
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting; a leftover folder is in the system's temporary folder, named rampart-lesson-*.
        }
    }
}
