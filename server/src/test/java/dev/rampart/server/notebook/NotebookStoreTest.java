package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.OutsideWorkspaceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookStoreTest {

    @TempDir
    Path sandbox;
    Path workspace;
    NotebookStore store;
    byte[] jupyterBytes;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(sandbox.resolve("ws"));
        Files.createDirectories(workspace.resolve("notebooks"));
        jupyterBytes = NotebookJsonTest.fixture("jupyter-written.ipynb");
        Files.write(workspace.resolve("notebooks/lesson.ipynb"), jupyterBytes);
        store = new NotebookStore(new Confinement(workspace), NotebookSchema.load(), new NotebookLimits(200_000, 2_000));
    }

    @Test
    void anUntouchedNotebookSavedBackStaysByteForByteAndIsNotRewritten() throws IOException {
        var file = workspace.resolve("notebooks/lesson.ipynb");
        var longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, longAgo);
        var opened = store.open("notebooks/lesson.ipynb");

        var saved = store.save("notebooks/lesson.ipynb", opened.content(), Optional.of(opened.version()));

        assertThat(saved.written()).isFalse();
        assertThat(Files.readAllBytes(file)).isEqualTo(jupyterBytes);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(longAgo);
    }

    @Test
    void anEditedNotebookKeepsTheFieldsRampartDoesNotKnow() throws IOException {
        var opened = store.open("notebooks/lesson.ipynb");
        var content = (ObjectNode) opened.content().deepCopy();
        ((ObjectNode) content.at("/cells/3")).put("source", "System.out.println(1);");

        var saved = store.save("notebooks/lesson.ipynb", content, Optional.of(opened.version()));

        var reread = store.open("notebooks/lesson.ipynb");
        assertThat(saved.written()).isTrue();
        assertThat(reread.version()).isEqualTo(saved.version()).isNotEqualTo(opened.version());
        assertThat(reread.content().at("/metadata/x-unknown-tool")).isEqualTo(opened.content().at("/metadata/x-unknown-tool"));
        assertThat(reread.content().at("/cells/3/source").asText()).isEqualTo("System.out.println(1);");
    }

    @Test
    void aStaleSaveIsRefusedAndNothingIsOverwritten() throws IOException {
        var first = store.open("notebooks/lesson.ipynb");
        var second = store.open("notebooks/lesson.ipynb");
        var mine = (ObjectNode) first.content().deepCopy();
        ((ObjectNode) mine.at("/cells/3")).put("source", "// first tab");
        store.save("notebooks/lesson.ipynb", mine, Optional.of(first.version()));
        var afterFirst = Files.readAllBytes(workspace.resolve("notebooks/lesson.ipynb"));

        var theirs = (ObjectNode) second.content().deepCopy();
        ((ObjectNode) theirs.at("/cells/3")).put("source", "// second tab");

        assertThatThrownBy(() -> store.save("notebooks/lesson.ipynb", theirs, Optional.of(second.version())))
                .isInstanceOf(StaleVersionException.class);
        assertThat(Files.readAllBytes(workspace.resolve("notebooks/lesson.ipynb"))).isEqualTo(afterFirst);
    }

    @Test
    void overwritingWithoutAVersionIsRefused() {
        var opened = store.open("notebooks/lesson.ipynb");

        assertThatThrownBy(() -> store.save("notebooks/lesson.ipynb", opened.content(), Optional.empty()))
                .isInstanceOf(VersionRequiredException.class);
    }

    @Test
    void anInvalidNotebookIsNeitherSavedNorOpened() throws IOException {
        var broken = (ObjectNode) store.open("notebooks/lesson.ipynb").content().deepCopy();
        broken.remove("cells");

        assertThatThrownBy(() -> store.save("notebooks/new.ipynb", broken, Optional.empty()))
                .isInstanceOf(InvalidNotebookException.class);
        assertThat(workspace.resolve("notebooks/new.ipynb")).doesNotExist();

        Files.writeString(workspace.resolve("notebooks/bad.ipynb"), "{\"nbformat\": 4}");
        assertThatThrownBy(() -> store.open("notebooks/bad.ipynb")).isInstanceOf(InvalidNotebookException.class);
    }

    @Test
    void aNotebookOrAnOutputOverTheLimitIsRefused() {
        var content = (ObjectNode) store.open("notebooks/lesson.ipynb").content().deepCopy();
        var outputs = content.withArray("/cells/1/outputs");
        outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text", "x".repeat(3_000));

        assertThatThrownBy(() -> store.save("notebooks/big.ipynb", content, Optional.empty()))
                .isInstanceOf(TooLargeException.class).hasMessageContaining("output");
        for (var i = 0; i < 150; i++) {
            outputs.addObject().put("output_type", "stream").put("name", "stdout").put("text", "y".repeat(1_500));
        }
        outputs.remove(outputs.size() - 151);
        assertThatThrownBy(() -> store.save("notebooks/big.ipynb", content, Optional.empty()))
                .isInstanceOf(TooLargeException.class).hasMessageContaining("notebook");
        assertThat(workspace.resolve("notebooks/big.ipynb")).doesNotExist();
    }

    @Test
    void savesLeaveNoTemporaryFilesBehind() throws IOException {
        var opened = store.open("notebooks/lesson.ipynb");
        var content = (ObjectNode) opened.content().deepCopy();
        content.withObject("/metadata").put("edited", true);
        store.save("notebooks/lesson.ipynb", content, Optional.of(opened.version()));

        try (var files = Files.list(workspace.resolve("notebooks"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("lesson.ipynb");
        }
    }

    @Test
    void createCopyRenameDelete() {
        var created = store.create("notebooks");
        var again = store.create("notebooks");
        assertThat(created.path()).isEqualTo("notebooks/Untitled.ipynb");
        assertThat(again.path()).isEqualTo("notebooks/Untitled1.ipynb");
        assertThat(store.open(created.path()).content().at("/metadata/kernelspec/name").asText()).isEqualTo("java");

        var copy = store.copy("notebooks/lesson.ipynb", "notebooks");
        assertThat(copy.path()).isEqualTo("notebooks/lesson-Copy1.ipynb");

        var renamed = store.rename(copy.path(), "renamed.ipynb");
        assertThat(renamed.path()).isEqualTo("renamed.ipynb");
        assertThatThrownBy(() -> store.rename("renamed.ipynb", "notebooks/lesson.ipynb")).isInstanceOf(FileExistsException.class);

        store.delete("renamed.ipynb");
        assertThat(workspace.resolve("renamed.ipynb")).doesNotExist();
        assertThat(store.list("notebooks").entries()).extracting(Entry::name)
                .containsExactly("Untitled.ipynb", "Untitled1.ipynb", "lesson.ipynb");
    }

    @Test
    void aCheckpointCanBeRevertedTo() throws IOException {
        var checkpoint = store.createCheckpoint("notebooks/lesson.ipynb");
        var opened = store.open("notebooks/lesson.ipynb");
        var content = (ObjectNode) opened.content().deepCopy();
        content.withArray("/cells").removeAll();
        store.save("notebooks/lesson.ipynb", content, Optional.of(opened.version()));

        store.restoreCheckpoint("notebooks/lesson.ipynb", checkpoint.id());

        assertThat(Files.readAllBytes(workspace.resolve("notebooks/lesson.ipynb"))).isEqualTo(jupyterBytes);
        assertThat(store.checkpoints("notebooks/lesson.ipynb")).extracting(Checkpoint::id).containsExactly("checkpoint");
        assertThat(workspace.resolve("notebooks/.ipynb_checkpoints/lesson-checkpoint.ipynb")).exists();
        assertThat(store.list("notebooks").entries()).extracting(Entry::name).doesNotContain(".ipynb_checkpoints");
    }

    @Test
    void nothingOutsideTheWorkspaceIsReadOrWritten() throws IOException {
        Files.write(sandbox.resolve("outside.ipynb"), jupyterBytes);
        Files.createDirectories(sandbox.resolve("ws-evil"));
        Files.createSymbolicLink(workspace.resolve("link"), sandbox.resolve("ws-evil"));
        var content = store.open("notebooks/lesson.ipynb").content();

        assertThatThrownBy(() -> store.open("../outside.ipynb")).isInstanceOf(OutsideWorkspaceException.class);
        assertThatThrownBy(() -> store.save("link/planted.ipynb", content, Optional.empty())).isInstanceOf(OutsideWorkspaceException.class);
        assertThatThrownBy(() -> store.rename("notebooks/lesson.ipynb", "../moved.ipynb")).isInstanceOf(OutsideWorkspaceException.class);
        assertThatThrownBy(() -> store.copy("notebooks/lesson.ipynb", "link")).isInstanceOf(OutsideWorkspaceException.class);
        assertThat(sandbox.resolve("ws-evil/planted.ipynb")).doesNotExist();
        assertThat(sandbox.resolve("moved.ipynb")).doesNotExist();
        assertThat(store.list("").entries()).extracting(Entry::name).containsExactly("notebooks");
    }
}
