package dev.rampart.server.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.notebook.Lesson;
import dev.rampart.server.notebook.NotebookJson;
import dev.rampart.server.notebook.NotebookSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lesson under {@code katas/notebooks} is checked (nbformat 4.5 schema, the lesson
 * convention of docs/lessons.md, its place in the catalogue) and then executed top to bottom on
 * a real kernel of its own, against a fresh copy of the workspace, so the learner's files are
 * never touched. One dynamic test per notebook, named after it.
 */
@ExtendWith(LessonKernels.class)
class LessonsRunTest {

    private final Path katas = Lessons.repository().resolve("katas");
    private final Kernels kernels;

    @TempDir
    Path copies;

    LessonsRunTest(Kernels kernels) {
        this.kernels = kernels;
    }

    @TestFactory
    Stream<DynamicTest> everyLessonIsValidAndRunsTopToBottom() throws IOException {
        var notebooks = Lessons.notebooks(katas.resolve("notebooks"));
        assertThat(notebooks).as("lesson notebooks in %s", katas.resolve("notebooks")).isNotEmpty();
        var check = new LessonCheck(NotebookSchema.load(), katas);
        var runner = new LessonRunner(kernels, Lessons.STEP_LIMIT);
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), notebook.toUri(), () -> {
            var name = notebook.getFileName().toString();
            assertThat(check.problems(notebook)).as("%s breaks the lesson rules (docs/lessons.md)", name).isEmpty();

            var lesson = Lesson.read(NotebookJson.read(Files.readAllBytes(notebook)));
            var workspace = Lessons.copyWorkspace(katas, Files.createDirectory(copies.resolve(name.replace(".ipynb", ""))));
            var run = runner.run(name, lesson, workspace);
            System.out.println("Lesson " + run.summary());
        }));
    }
}
