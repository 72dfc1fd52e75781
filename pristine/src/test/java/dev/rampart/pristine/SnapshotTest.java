package dev.rampart.pristine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release is what is committed, whatever the working tree holds: a learner's fix, a
 * facilitator's rehearsal (a solved starter, a lesson with its outputs), a file deleted or added
 * and not committed. Only a checkout that is not a git repository releases its working tree, and
 * says so.
 */
class SnapshotTest {

    private static final String STARTER = "src/main/java/dev/rampart/kata/pathtraversal/FileServer.java";
    private static final String LESSON = "notebooks/06-path-traversal.ipynb";

    @TempDir
    Path repository;

    private Path workspace() {
        return repository.resolve("katas");
    }

    private void file(String path, String content) throws IOException {
        var file = workspace().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** A repository with a katas/ workspace as released, plus what is never released. */
    private Git released() throws Exception {
        file("README.md", "| 6 | `path-traversal` | Serve files from one folder |\n");
        file(LESSON, "{\"cells\": [], \"outputs\": \"none\"}\n");
        file(STARTER, "class FileServer { /* the starter */ }\n");
        file("src/main/java/dev/rampart/kata/pathtraversal/Deleted.java", "class Deleted {}\n");
        file("src/test/java/dev/rampart/kata/pathtraversal/FileServerTest.java", "class FileServerTest {}\n");
        file("pom.xml", "<project/>\n");
        Files.writeString(repository.resolve("README.md"), "the repository's own README\n");
        var git = Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("release").setAuthor("Rampart", "rampart@example.org").setCommitter("Rampart", "rampart@example.org")
                .setSign(false).call();
        return git;
    }

    @Test
    void takesTheCommittedFilesAndNothingOfTheWorkingTree() throws Exception {
        try (var git = released()) {
            // The rehearsal: a solved starter, a lesson with outputs, a deleted file, new files never committed.
            file(STARTER, "class FileServer { /* solved in the rehearsal */ }\n");
            file(LESSON, "{\"cells\": [{\"outputs\": [\"38 / 38 attacks blocked\"]}]}\n");
            Files.delete(workspace().resolve("src/main/java/dev/rampart/kata/pathtraversal/Deleted.java"));
            file("notebooks/Untitled.ipynb", "{}\n");
            file("notebooks/.ipynb_checkpoints/06-path-traversal-checkpoint.ipynb", "{}\n");

            var source = Snapshot.read(workspace());

            assertThat(source.files().keySet()).containsExactly("README.md", LESSON,
                    "src/main/java/dev/rampart/kata/pathtraversal/Deleted.java", STARTER);
            assertThat(new String(source.files().get(STARTER), UTF_8)).isEqualTo("class FileServer { /* the starter */ }\n");
            assertThat(new String(source.files().get(LESSON), UTF_8)).isEqualTo("{\"cells\": [], \"outputs\": \"none\"}\n");
            var head = git.getRepository().resolve("HEAD").name();
            assertThat(source.origin().committed()).isTrue();
            assertThat(source.origin().commit()).isEqualTo(head);
            assertThat(source.origin().note()).contains(head.substring(0, 12)).contains("git HEAD");
        }
    }

    @Test
    void aCheckoutThatIsNotAGitRepositoryReleasesItsWorkingTreeAndSaysWhy() throws Exception {
        file("README.md", "| 6 | `path-traversal` | Serve files from one folder |\n");
        file(STARTER, "class FileServer { /* as unzipped */ }\n");
        file("src/main/java/dev/rampart/kata/pathtraversal/.FileServer.java.swp", "editor leftovers\n");
        file("notebooks/.ipynb_checkpoints/06-path-traversal-checkpoint.ipynb", "{}\n");
        file("src/test/java/dev/rampart/kata/pathtraversal/FileServerTest.java", "class FileServerTest {}\n");

        var source = Snapshot.read(workspace());

        assertThat(source.files().keySet()).containsExactly("README.md", STARTER);
        assertThat(new String(source.files().get(STARTER), UTF_8)).isEqualTo("class FileServer { /* as unzipped */ }\n");
        assertThat(source.origin().committed()).isFalse();
        assertThat(source.origin().commit()).isEmpty();
        assertThat(source.origin().note()).contains("not in a git repository").contains("working tree");
    }

    @Test
    void aRepositoryWithNoCommitYetReleasesItsWorkingTreeAndSaysWhy() throws Exception {
        file("README.md", "| 6 | `path-traversal` | Serve files from one folder |\n");
        file(STARTER, "class FileServer {}\n");
        Git.init().setDirectory(repository.toFile()).call().close();

        var source = Snapshot.read(workspace());

        assertThat(source.files().keySet()).containsExactly("README.md", STARTER);
        assertThat(source.origin().committed()).isFalse();
        assertThat(source.origin().note()).contains("no commit yet");
    }

    @Test
    void aWorkspaceTheEnclosingRepositoryDoesNotTrackReleasesItsWorkingTree() throws Exception {
        // An unzipped copy inside a home folder that is itself a git repository (dotfiles, say).
        Files.writeString(repository.resolve(".bashrc"), "# dotfiles\n");
        try (var git = Git.init().setDirectory(repository.toFile()).call()) {
            git.add().addFilepattern(".bashrc").call();
            git.commit().setMessage("dotfiles").setAuthor("Me", "me@example.org").setCommitter("Me", "me@example.org").setSign(false).call();
        }
        file("README.md", "| 6 | `path-traversal` | Serve files from one folder |\n");
        file(STARTER, "class FileServer {}\n");

        var source = Snapshot.read(workspace());

        assertThat(source.files().keySet()).containsExactly("README.md", STARTER);
        assertThat(source.origin().committed()).isFalse();
        assertThat(source.origin().note()).contains("is not committed");
    }

    @Test
    void whatIsWrittenReadsBackAsTheReleaseWithItsOrigin() throws Exception {
        try (var git = released()) {
            var out = repository.resolve("out");
            Files.createDirectories(out.resolve("stale"));
            Files.writeString(out.resolve("stale/Old.java"), "from an earlier build\n");

            Snapshot.write(Snapshot.read(workspace()), out);
            var release = Release.fromFolder(out);

            assertThat(release.files()).containsExactly("README.md", LESSON, "src/main/java/dev/rampart/kata/pathtraversal/Deleted.java",
                    STARTER);
            assertThat(out.resolve("stale")).doesNotExist();
            assertThat(new String(release.read(STARTER), UTF_8)).isEqualTo("class FileServer { /* the starter */ }\n");
            assertThat(release.origin().committed()).isTrue();
            assertThat(release.origin().commit()).isEqualTo(git.getRepository().resolve("HEAD").name());

            var copy = repository.resolve("participant");
            release.copyTo(copy);
            assertThat(copy.resolve(STARTER)).hasContent("class FileServer { /* the starter */ }");
            assertThat(copy.resolve("src/test")).doesNotExist();
        }
    }
}
