package dev.rampart.server.lessons;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.kernel.Kernel;
import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.notebook.Lesson;
import dev.rampart.server.notebook.NotebookJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson run can fail, and says where: broken fixture lessons (under
 * {@code src/test/resources/lessons}) run against a copy of the real workspace, each failing
 * with the notebook, the cell and the error. (An attacks step fails the same way when its run
 * cannot happen at all; only a broken build provokes that, so it is not staged here.)
 */
@ExtendWith(LessonKernels.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LessonRunnerTest {

    private static final String SOURCE = "src/main/java/dev/rampart/kata/pathtraversal/FileServer.java";

    private final LessonRunner runner;
    private final Kernel kernel;
    private final Path workspace;

    /** One kernel for every fixture: what is tested is how a run fails, not how a kernel starts. */
    LessonRunnerTest(Kernels kernels, @TempDir Path workspace) throws IOException {
        this.runner = new LessonRunner(kernels, Lessons.STEP_LIMIT);
        this.workspace = Lessons.copyWorkspace(Lessons.repository().resolve("katas"), workspace);
        this.kernel = kernels.acquire("lesson-runner-test", workspace);
    }

    @AfterAll
    void shutDownKernel() {
        kernel.shutdown();
    }

    @Test
    void aCellThatThrowsFailsTheLessonNamingTheCellAndTheException() {
        assertThatThrownBy(() -> runner.run("throws.ipynb", fixture("throws.ipynb"), kernel))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("throws.ipynb, cell 3 (read-missing): java.nio.file.NoSuchFileException: /no/such/folder/notes.txt");
    }

    @Test
    void aCellThatDoesNotCompileFailsTheLessonWithTheCompilersMessage() {
        assertThatThrownBy(() -> runner.run("does-not-compile.ipynb", fixture("does-not-compile.ipynb"), kernel))
                .isInstanceOf(LessonRunner.LessonFailure.class)
                .hasMessageStartingWith("does-not-compile.ipynb, cell 3 (wrong-constructor): CompileError: ")
                .hasMessageContaining("constructor FileServer");
    }

    @Test
    void aBoundFileThatDoesNotCompileFailsAtItsCell() throws IOException {
        var source = workspace.resolve(SOURCE);
        var starter = Files.readString(source);
        Files.writeString(source, "package dev.rampart.kata.pathtraversal;\npublic final class FileServer {\n");
        try {
            assertThatThrownBy(() -> runner.run("throws.ipynb", fixture("throws.ipynb"), kernel))
                    .isInstanceOf(LessonRunner.LessonFailure.class)
                    .hasMessageStartingWith("throws.ipynb, cell 2 (source): kata path-traversal does not compile: ")
                    .hasMessageContaining("FileServer.java");
        } finally {
            Files.writeString(source, starter);
        }
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
