package dev.rampart.kata.dotenvhygiene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real git repository in a temporary folder, built with JGit, and the oracle of the audit
 * tests: {@link #committable()} is what git itself would put in the next commit.
 *
 * <p>The repository's own config points {@code core.excludesFile} at a file that does not
 * exist, so the developer's personal ignore rules cannot change what the tests see.
 */
final class GitWorkTree implements AutoCloseable {

    private static final PersonIdent DEVELOPER = new PersonIdent("Dev Eloper", "dev@example.test");

    private final Path root;
    private final Git git;

    private GitWorkTree(Path root, Git git) {
        this.root = root;
        this.git = git;
    }

    static GitWorkTree init(Path root) {
        try {
            var git = Git.init().setDirectory(root.toFile()).setInitialBranch("main").call();
            var config = git.getRepository().getConfig();
            config.setString("core", null, "excludesFile", root.resolveSibling("no-personal-excludes").toString());
            config.save();
            return new GitWorkTree(root, git);
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("Cannot create a git repository in " + root, e);
        }
    }

    Path root() {
        return root;
    }

    /** Writes a file (folders created as needed). */
    GitWorkTree write(String path, String content) {
        try {
            var file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A .env-style file holding an obviously fake secret. */
    GitWorkTree envFile(String path) {
        return write(path, "DB_PASSWORD=not-a-real-password-" + path.hashCode() + "\n");
    }

    GitWorkTree gitignore(String rules) {
        return write(".gitignore", rules + "\n");
    }

    /** Commits these paths as they are now, as {@code git add <path>... && git commit} would. */
    GitWorkTree commit(String message, String... paths) {
        try {
            var add = git.add();
            for (var path : paths) {
                add.addFilepattern(path);
            }
            add.call();
            git.commit().setMessage(message).setAuthor(DEVELOPER).setCommitter(DEVELOPER).setSign(false).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stages a file whatever the ignore rules say, as {@code git add -f <path>} does: its content
     * goes into the object store and its entry into the index. Not committed.
     */
    GitWorkTree forceAdd(String path) {
        var repository = git.getRepository();
        try (var inserter = repository.newObjectInserter()) {
            var content = Files.readAllBytes(root.resolve(path));
            var blob = inserter.insert(Constants.OBJ_BLOB, content);
            inserter.flush();
            var index = repository.lockDirCache();
            var editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                    entry.setLength(content.length);
                    entry.setLastModified(Instant.now());
                }
            });
            editor.commit();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What git would put in the next commit after {@code git add .}: every tracked file, and
     * every untracked file no ignore rule hides. Read-only: the index is not touched.
     */
    Set<Path> committable() {
        try {
            var status = git.status().call();
            var paths = new TreeSet<Path>();
            status.getUntracked().forEach(p -> paths.add(Path.of(p)));
            var index = git.getRepository().readDirCache();
            for (int i = 0; i < index.getEntryCount(); i++) {
                paths.add(Path.of(index.getEntry(i).getPathString()));
            }
            return paths;
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committable files that are env files with real values (templates excluded). */
    Set<Path> committableEnvFiles() {
        return committable().stream().filter(GitWorkTree::holdsValues).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean holdsValues(Path path) {
        var name = path.getFileName().toString();
        var template = Set.of(".env.example", ".env.sample", ".env.template", ".env.dist").contains(name);
        return !template && (name.startsWith(".env") || name.endsWith(".env"));
    }

    @Override
    public void close() {
        git.close();
    }
}
