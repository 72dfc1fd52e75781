package dev.rampart.pristine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The katas as released, as {@link Snapshot} packaged them at build time: every file of the
 * workspace that is handed out ({@code README.md}, {@code notebooks/}, {@code src/main/java/}),
 * by its path inside the workspace ({@code src/main/java/dev/rampart/kata/pathtraversal/FileServer.java}),
 * and where they came from. Read from the class path; thread-safe, immutable.
 *
 * <p>Use it for what a person must get "as released" whatever the checkout holds now: a dojo
 * participant's or an interview candidate's copy, "Reset kata", "Reset lesson", the diff in an
 * interview report. Do not use it for what the learner is working on: that is the workspace.
 */
public final class Release {

    /** Where {@link #bundled()} reads the release on the class path. */
    public static final String BUNDLED = "/dev/rampart/pristine/release/";
    static final String PROPERTIES = "release.properties";
    static final String INDEX = "files.txt";
    static final String FILES = "workspace/";

    /** Opens one of the release's resources by its name inside the release. */
    @FunctionalInterface
    private interface Resources {
        InputStream open(String name) throws IOException;
    }

    private final Resources resources;
    private final Origin origin;
    private final List<String> files;

    private Release(Resources resources, Origin origin, List<String> files) {
        this.resources = resources;
        this.origin = origin;
        this.files = List.copyOf(files);
    }

    /**
     * Where the files came from.
     *
     * @param committed true when they are the committed files (git HEAD); false when the build
     *                  had no git repository and took the working tree as it was
     * @param commit    the commit's id, or empty
     * @param note      one sentence for people: which commit, or why the working tree
     */
    public record Origin(boolean committed, String commit, String note) {
    }

    /** The release this build packaged. */
    public static Release bundled() {
        return fromClasspath(BUNDLED);
    }

    /**
     * A release laid out as {@link Snapshot} writes it, under a class-path folder.
     *
     * @param base the folder, starting and ending with {@code /}
     * @throws IllegalStateException when there is none there (the build did not run the snapshot)
     */
    public static Release fromClasspath(String base) {
        return load(base, name -> {
            var in = Release.class.getResourceAsStream(base + name);
            if (in == null) {
                throw new IllegalStateException("No released katas at " + base + name + " on the class path: build the pristine module"
                        + " (./mvnw -q -pl pristine package), which packages them from git HEAD");
            }
            return in;
        });
    }

    /** A release as {@link Snapshot} wrote it into {@code folder}. */
    public static Release fromFolder(Path folder) {
        return load(folder.toString(), name -> Files.newInputStream(folder.resolve(name)));
    }

    private static Release load(String where, Resources resources) {
        var properties = new Properties();
        try (var in = resources.open(PROPERTIES); var index = resources.open(INDEX)) {
            properties.load(in);
            var files = new String(index.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
            var origin = new Origin(Boolean.parseBoolean(properties.getProperty("committed")), properties.getProperty("commit", ""),
                    properties.getProperty("note", ""));
            return new Release(resources, origin, files);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the released katas at " + where, e);
        }
    }

    public Origin origin() {
        return origin;
    }

    /** Every released file's path inside the workspace, sorted. */
    public List<String> files() {
        return files;
    }

    public boolean has(String path) {
        return files.contains(path);
    }

    /**
     * The released bytes of one file.
     *
     * @throws IllegalArgumentException when the release holds no such file
     */
    public byte[] read(String path) {
        if (!has(path)) {
            throw new IllegalArgumentException("The released katas hold no " + path);
        }
        try (var in = resources.open(FILES + path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the released " + path, e);
        }
    }

    /** Writes every released file under {@code folder} (made if missing), replacing what is there at those paths. */
    public void copyTo(Path folder) {
        try {
            for (var path : files) {
                var target = folder.resolve(path);
                Files.createDirectories(target.getParent());
                Files.write(target, read(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the released katas into " + folder + ": " + e.getMessage(), e);
        }
    }
}
