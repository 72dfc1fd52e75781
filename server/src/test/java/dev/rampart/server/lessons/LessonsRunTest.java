package dev.rampart.server.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.notebook.Lesson;
import dev.rampart.server.notebook.NotebookJson;
import dev.rampart.server.notebook.NotebookSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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

    private static ExecutorService lanes;

    /**
     * Every lesson starts at once on {@link Lessons#atOnce()} threads (a lesson waits on its kernel
     * most of the time, and the others use the cores meanwhile); each lesson's test reports its
     * own run when that run is done.
     */
    @TestFactory
    Stream<DynamicTest> everyLessonIsValidAndRunsTopToBottom() throws IOException {
        var notebooks = Lessons.notebooks(katas.resolve("notebooks"));
        assertThat(notebooks).as("lesson notebooks in %s", katas.resolve("notebooks")).isNotEmpty();
        var check = new LessonCheck(NotebookSchema.load(), katas);
        var runner = new LessonRunner(kernels, Lessons.STEP_LIMIT);
        lanes = Executors.newFixedThreadPool(Lessons.atOnce(), r -> {
            var thread = new Thread(r, "lesson-run");
            thread.setDaemon(true);
            return thread;
        });
        var runs = new LinkedHashMap<Path, CompletableFuture<Void>>();
        for (var notebook : notebooks) {
            runs.put(notebook, CompletableFuture.runAsync(() -> checkAndRun(notebook, check, runner), lanes));
        }
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), notebook.toUri(), () -> {
            try {
                runs.get(notebook).join();
            } catch (CompletionException e) {
                throw e.getCause();
            }
        }));
    }

    @AfterAll
    static void stopLanes() {
        if (lanes != null) {
            lanes.shutdownNow();
        }
    }

    private void checkAndRun(Path notebook, LessonCheck check, LessonRunner runner) {
        try {
            var name = notebook.getFileName().toString();
            assertThat(check.problems(notebook)).as("%s breaks the lesson rules (docs/lessons.md)", name).isEmpty();

            var lesson = Lesson.read(NotebookJson.read(Files.readAllBytes(notebook)));
            var workspace = Lessons.copyWorkspace(katas, Files.createDirectory(copies.resolve(name.replace(".ipynb", ""))));
            var run = runner.run(name, lesson, workspace);
            System.out.println("Lesson " + run.summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + notebook.getFileName(), e);
        }
    }
}
