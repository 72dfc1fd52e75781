package dev.rampart.server.lessons;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.notebook.Lesson;
import dev.rampart.server.notebook.NotebookJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson run can fail, and says where: broken fixture lessons (under
 * {@code src/test/resources/lessons}) run against a copy of the real workspace, each failing
 * with the notebook, the cell and the error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LessonRunnerTest {

    private Kernels kernels;
    private LessonRunner runner;

    @TempDir
    Path workspace;

    @BeforeAll
    void startKernels(@TempDir Path nowhere) {
        // No suites where these kernels look for them: the one attack run here must fail to start.
        kernels = Kernels.start(Lessons.kernelSettings().withSuiteClasses(nowhere.resolve("no-suites-here")));
        runner = new LessonRunner(kernels, Lessons.STEP_LIMIT);
    }

    @AfterAll
    void stopKernels() {
        if (kernels != null) {
            kernels.close();
        }
    }

    @BeforeEach
    void copyWorkspace() throws IOException {
        Lessons.copyWorkspace(Lessons.repository().resolve("katas"), workspace);
    }

    @Test
    void aCellThatThrowsFailsTheLessonNamingTheCellAndTheException() {
        assertThatThrownBy(() -> runner.run("throws.ipynb", fixture("throws.ipynb"), workspace))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("throws.ipynb, cell 3 (read-missing): java.nio.file.NoSuchFileException: /no/such/folder/notes.txt");
    }

    @Test
    void aCellThatDoesNotCompileFailsTheLessonWithTheCompilersMessage() {
        assertThatThrownBy(() -> runner.run("does-not-compile.ipynb", fixture("does-not-compile.ipynb"), workspace))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("does-not-compile.ipynb, cell 3 (wrong-constructor): CompileError: ")
                .hasMessageContaining("constructor FileServer");
    }

    @Test
    void aBoundFileThatDoesNotCompileFailsAtItsCell() throws IOException {
        var source = workspace.resolve("src/main/java/dev/rampart/kata/pathtraversal/FileServer.java");
        Files.writeString(source, "package dev.rampart.kata.pathtraversal;\npublic final class FileServer {\n");

        assertThatThrownBy(() -> runner.run("throws.ipynb", fixture("throws.ipynb"), workspace))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("throws.ipynb, cell 2 (source): kata path-traversal does not compile: ")
                .hasMessageContaining("FileServer.java");
    }

    @Test
    void anAttackRunThatCannotHappenFailsTheLesson() {
        assertThatThrownBy(() -> runner.run("attacks.ipynb", fixture("attacks.ipynb"), workspace))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("attacks.ipynb, cell 3 (attacks): the attacks could not run: ");
    }

    private static Lesson fixture(String name) {
        try {
            var file = Path.of(LessonRunnerTest.class.getResource("/lessons/" + name).toURI());
            return Lesson.read(NotebookJson.read(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
