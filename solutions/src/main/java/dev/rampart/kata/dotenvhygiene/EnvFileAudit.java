package dev.rampart.kata.dotenvhygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Checks that a repository keeps its {@code .env} files out of git: run in CI and before a
 * release, it lists every env file that would end up in a commit.
 *
 * <p>An env file is exposed when git tracks it (a rule added later does not untrack it) or
 * when no {@code .gitignore} rule of the repository ignores it. The rules are matched by
 * JGit's {@link IgnoreNode}, git's own semantics: anchored and unanchored patterns, folder-only
 * rules ({@code .env/} does not match a file), negations ({@code !.env}), a {@code .gitignore}
 * in every folder with the nearest one deciding, and no way back into an ignored folder.
 *
 * <p>Only the rules committed with the repository count. {@code .git/info/exclude} and a
 * personal {@code core.excludesFile} protect one machine, not the teammate or the CI job that
 * runs {@code git add .} (which is why this does not simply ask JGit's working-tree iterator,
 * which applies them).
 */
public final class EnvFileAudit {

    /** Files meant to be committed: a list of the variables with no real values. */
    private static final Set<String> TEMPLATES = Set.of(".env.example", ".env.sample", ".env.template", ".env.dist");

    private EnvFileAudit() {
    }

    /**
     * The env files of the git work tree at {@code repository} that git would commit, as paths
     * relative to it, sorted; empty when the repository is clean.
     *
     * @throws IllegalArgumentException when {@code repository} is not the root of a git work tree
     */
    public static List<Path> exposedEnvFiles(Path repository) {
        var root = repository.toAbsolutePath().normalize();
        var exposed = new TreeSet<Path>();
        try (var repo = new FileRepositoryBuilder().setWorkTree(root.toFile()).setMustExist(true).build()) {
            var index = repo.readDirCache();
            for (int i = 0; i < index.getEntryCount(); i++) {
                var path = index.getEntry(i).getPathString();
                if (isEnvFile(path.substring(path.lastIndexOf('/') + 1))) {
                    exposed.add(Path.of(path));
                }
            }
            Files.walkFileTree(root, new UntrackedEnvFiles(root, exposed));
        } catch (RepositoryNotFoundException e) {
            throw new IllegalArgumentException(root + " is not the root of a git work tree (no .git here): "
                    + "run the audit from the repository's top folder", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot audit " + root, e);
        }
        return List.copyOf(exposed);
    }

    static boolean isEnvFile(String name) {
        // .env itself, production.env (Compose's env_file), .env.local and the like, direnv's
        // .envrc, and an editor's backup copy.
        var envLike = name.endsWith(".env") || name.startsWith(".env.") || name.equals(".envrc") || name.equals(".env~");
        return envLike && !TEMPLATES.contains(name);
    }

    /** Walks the work tree the way {@code git add .} does, with the .gitignore rules of each level. */
    private static final class UntrackedEnvFiles extends SimpleFileVisitor<Path> {
        private record Rules(Path folder, IgnoreNode node) {
        }

        private final Path root;
        private final Set<Path> exposed;
        private final Deque<Rules> rules = new ArrayDeque<>();

        UntrackedEnvFiles(Path root, Set<Path> exposed) {
            this.root = root;
            this.exposed = exposed;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (!dir.equals(root)) {
                // .git is git's own; a folder with its own .git is another repository.
                if (dir.getFileName().toString().equals(".git") || Files.exists(dir.resolve(".git"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                // git never looks inside an ignored folder, so nothing in it can be re-included.
                if (ignored(dir, true)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
            }
            var node = new IgnoreNode();
            var gitignore = dir.resolve(".gitignore");
            if (Files.isRegularFile(gitignore)) {
                try (InputStream in = Files.newInputStream(gitignore)) {
                    node.parse(gitignore.toString(), in);
                }
            }
            rules.push(new Rules(dir, node));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (isEnvFile(file.getFileName().toString()) && !ignored(file, false)) {
                exposed.add(root.relativize(file));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
                throw e;
            }
            rules.pop();
            return FileVisitResult.CONTINUE;
        }

        /** The nearest .gitignore with a matching rule decides; within it, the last matching rule. */
        private boolean ignored(Path path, boolean isDirectory) {
            for (var level : rules) {
                var relative = level.folder().relativize(path).toString().replace('\\', '/');
                var verdict = level.node().checkIgnored(relative, isDirectory);
                if (verdict != null) {
                    return verdict;
                }
            }
            return false;
        }
    }
}
