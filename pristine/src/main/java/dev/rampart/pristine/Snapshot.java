package dev.rampart.pristine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Build time: packages the katas as released for {@link Release} to read. The files are the
 * workspace's committed ones, read from the tree of git HEAD with JGit, never from the working
 * tree, where a learner's fixes and a facilitator's rehearsal live. Only when the checkout is not
 * a git repository (a downloaded zip) is the working tree taken instead, and the build says so.
 *
 * <p>Run by the pristine module's build ({@code exec:java}, after compiling):
 * {@code Snapshot <repository root> <workspace, relative to it> <class-path output folder>}.
 */
public final class Snapshot {

    /** What a workspace hands out, inside it: the catalogue, the lessons, the starters. */
    static final String CATALOGUE = "README.md";
    static final String LESSONS = "notebooks/";
    static final String STARTERS = "src/main/java/";

    /**
     * The files and where they came from.
     *
     * @param files by path inside the workspace, sorted
     */
    record Source(Release.Origin origin, SortedMap<String, byte[]> files) {
    }

    private Snapshot() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: Snapshot <repository root> <workspace, relative to it> <output folder>");
        }
        var workspace = Path.of(args[0]).resolve(args[1]).toAbsolutePath().normalize();
        var source = read(workspace);
        if (!source.origin().committed()) {
            System.err.println("WARNING: the released katas (what Reset restores, what a dojo participant and an interview candidate get)"
                    + " are " + source.origin().note() + ". Build from a git clone to release the committed katas.");
        }
        write(source, Path.of(args[2]).resolve(Release.BUNDLED.substring(1)));
    }

    /**
     * Releases {@code workspace} into {@code folder} as the build does, and reads it back: for
     * tests and tools that need a release of their own.
     */
    public static Release take(Path workspace, Path folder) throws IOException {
        write(read(workspace), folder);
        return Release.fromFolder(folder);
    }

    /** The workspace's committed files, or (not a git checkout) its working tree, saying why. */
    static Source read(Path workspace) throws IOException {
        if (!Files.isDirectory(workspace)) {
            throw new IllegalArgumentException("No workspace at " + workspace + " to release");
        }
        try {
            return committed(workspace);
        } catch (NotCommitted e) {
            return new Source(new Release.Origin(false, "", "the files as they were in " + workspace + " when the server was built,"
                    + " because " + e.getMessage() + ", so its working tree stands in for the committed katas"), workingTree(workspace));
        }
    }

    /** True for a path inside the workspace that is handed out. */
    static boolean released(String path) {
        if (path.equals(CATALOGUE)) {
            return true;
        }
        if (!path.startsWith(LESSONS) && !path.startsWith(STARTERS)) {
            return false;
        }
        // Hidden names are tools' leftovers (checkpoints, editor files), never part of a kata.
        return Stream.of(path.split("/")).noneMatch(name -> name.startsWith("."));
    }

    private static Source committed(Path workspace) throws IOException, NotCommitted {
        var builder = new FileRepositoryBuilder().findGitDir(workspace.toFile());
        if (builder.getGitDir() == null) {
            throw new NotCommitted("it is not in a git repository (a downloaded zip?)");
        }
        try (Repository repository = builder.build()) {
            if (repository.isBare()) {
                throw new NotCommitted("its git repository has no working tree");
            }
            var head = repository.resolve(Constants.HEAD);
            if (head == null) {
                throw new NotCommitted("its git repository has no commit yet");
            }
            var root = repository.getWorkTree().toPath().toRealPath();
            var prefix = root.relativize(workspace.toRealPath()).toString().replace('\\', '/');
            var files = new TreeMap<String, byte[]>();
            try (var commits = new RevWalk(repository); var tree = new TreeWalk(repository)) {
                tree.addTree(commits.parseCommit(head).getTree());
                tree.setRecursive(true);
                if (!prefix.isEmpty()) {
                    tree.setFilter(PathFilter.create(prefix));
                }
                while (tree.next()) {
                    var mode = tree.getFileMode(0);
                    if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                        continue;
                    }
                    var path = prefix.isEmpty() ? tree.getPathString() : tree.getPathString().substring(prefix.length() + 1);
                    if (released(path)) {
                        files.put(path, repository.open(tree.getObjectId(0)).getBytes());
                    }
                }
            }
            if (!files.containsKey(CATALOGUE)) {
                throw new NotCommitted("its catalogue (" + CATALOGUE + ") is not committed in the git repository at " + root);
            }
            return new Source(new Release.Origin(true, head.name(), "the katas as committed at " + head.abbreviate(12).name()
                    + " (git HEAD when the server was built)"), files);
        }
    }

    private static SortedMap<String, byte[]> workingTree(Path workspace) throws IOException {
        var files = new TreeMap<String, byte[]>();
        Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                var name = dir.getFileName().toString();
                return dir.equals(workspace) || !name.startsWith(".") && !name.equals("target")
                        ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                var path = workspace.relativize(file).toString().replace('\\', '/');
                if (attrs.isRegularFile() && released(path)) {
                    files.put(path, Files.readAllBytes(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** Writes the release under {@code folder}, replacing any earlier one there whole. */
    static void write(Source source, Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var old = Files.walk(folder)) {
                for (var path : (Iterable<Path>) old.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
        for (Map.Entry<String, byte[]> file : source.files().entrySet()) {
            var target = folder.resolve(Release.FILES).resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        Files.writeString(folder.resolve(Release.INDEX), String.join("\n", source.files().keySet()) + "\n", StandardCharsets.UTF_8);
        var properties = new Properties();
        properties.setProperty("committed", Boolean.toString(source.origin().committed()));
        properties.setProperty("commit", source.origin().commit());
        properties.setProperty("note", source.origin().note());
        try (var out = Files.newBufferedWriter(folder.resolve(Release.PROPERTIES), StandardCharsets.UTF_8)) {
            properties.store(out, "The katas as released (see dev.rampart.pristine.Snapshot)");
        }
    }

    /** Why the committed files cannot be read: the working tree stands in, and the build says why. */
    private static final class NotCommitted extends Exception {
        private static final long serialVersionUID = 1L;

        NotCommitted(String why) {
            super(why, null, false, false);
        }
    }
}
