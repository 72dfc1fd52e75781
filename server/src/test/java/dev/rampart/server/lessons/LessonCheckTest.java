package dev.rampart.server.lessons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.notebook.NotebookJson;
import dev.rampart.server.notebook.NotebookSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lesson rules of docs/lessons.md, each broken once on a copy of a real lesson, must be
 * reported with the cell and what to do. No kernel runs here.
 */
class LessonCheckTest {

    private static final NotebookSchema SCHEMA = NotebookSchema.load();
    private static final String LESSON = "06-path-traversal.ipynb";

    private final Path katas = Lessons.repository().resolve("katas");
    private final LessonCheck check = new LessonCheck(SCHEMA, katas);

    @TempDir
    Path tmp;

    private ObjectNode lesson;

    @BeforeEach
    void readLesson() throws IOException {
        lesson = (ObjectNode) NotebookJson.read(Files.readAllBytes(katas.resolve("notebooks").resolve(LESSON)));
    }

    @Test
    void theCommittedLessonKeepsEveryRule() {
        assertThat(check.problems(katas.resolve("notebooks").resolve(LESSON))).isEmpty();
    }

    @Test
    void committedOutputsAreReported() throws IOException {
        var problems = problemsAfter(nb -> {
            var cell = codeCell(nb, "build-site");
            cell.put("execution_count", 3);
            ((ArrayNode) cell.get("outputs")).addObject().put("output_type", "stream").put("name", "stdout").put("text", "hi\n");
        });

        assertThat(problems).containsExactlyInAnyOrder(
                "cell 6 (build-site): committed with outputs; clear them before committing",
                "cell 6 (build-site): committed with an execution count; clear outputs before committing");
    }

    @Test
    void aBoundCellMustNotCarryACopyOfTheCode() throws IOException {
        var problems = problemsAfter(nb -> codeCell(nb, "source-file-server").putArray("source").add("class Stale {}"));

        assertThat(problems).singleElement().asString().startsWith("cell 4 (source-file-server): a bound or attacks cell is committed empty");
    }

    @Test
    void aBoundFileMustExistInTheKatasPackage() throws IOException {
        var problems = problemsAfter(nb -> ((ObjectNode) codeCell(nb, "source-file-server").get("metadata").get("rampart"))
                .put("file", "Missing.java"));

        assertThat(problems).containsExactly(
                "cell 4 (source-file-server): binds Missing.java, which is not in src/main/java/dev/rampart/kata/pathtraversal");
    }

    @Test
    void theKataMustBeInTheCatalogue() throws IOException {
        var problems = problemsAfter(nb -> ((ObjectNode) nb.get("metadata").get("rampart")).put("kata", "no-such-kata"));

        assertThat(problems).singleElement().asString().startsWith("metadata.rampart.kata \"no-such-kata\" is no kata of katas/README.md");
    }

    @Test
    void anUnknownActionIsRefusedNotGuessed() throws IOException {
        var problems = problemsAfter(nb -> ((ObjectNode) codeCell(nb, "attacks").get("metadata").get("rampart"))
                .put("action", "solve-it"));

        assertThat(problems).singleElement().asString()
                .isEqualTo("cell 16 (attacks): metadata.rampart.action \"solve-it\" is not one Rampart knows; the only action is \"attacks\"");
    }

    @Test
    void cellIdsMustBeUnique() throws IOException {
        var problems = problemsAfter(nb -> codeCell(nb, "climb").put("id", "build-site"));

        assertThat(problems).containsExactly("cell 10 (build-site): another cell has the same id; ids must be unique");
    }

    @Test
    void theKernelSpecIsRampartsJava() throws IOException {
        var problems = problemsAfter(nb -> ((ObjectNode) nb.get("metadata").get("kernelspec")).put("name", "python3"));

        assertThat(problems).singleElement().asString().startsWith("metadata.kernelspec must be");
    }

    @Test
    void aCellWithoutAnIdIsNotNbformat45() throws IOException {
        var problems = problemsAfter(nb -> codeCell(nb, "climb").remove("id"));

        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("nbformat 4.5: "));
    }

    @Test
    void aLayoutOtherThanNbformatsIsReported() throws IOException {
        var file = tmp.resolve(LESSON);
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(lesson));

        assertThat(check.contentProblems(file)).singleElement().asString().startsWith("not in nbformat's own layout");
    }

    @Test
    void aLessonMustBeNamedAfterItsKata() throws IOException {
        var file = tmp.resolve("6-path-traversal.ipynb");
        Files.writeString(file, NotebookJson.write(lesson));

        assertThat(check.problems(file)).containsExactly(
                "a lesson of kata path-traversal must be named 06-path-traversal.ipynb (number, then id)",
                "the row of path-traversal in katas/README.md does not link notebooks/6-path-traversal.ipynb in its Lesson column");
    }

    @Test
    void aWrongFixTheLessonDoesNotTeachIsReported() throws IOException {
        var source = (ArrayNode) codeCell(lesson, "tempting-fixes").get("source");
        for (int i = 0; i < source.size(); i++) {
            source.set(i, source.get(i).asText().replace("**Compare the paths as strings**", "**Compare strings**"));
        }

        assertThat(problemsInPlace()).containsExactly("\"## Tempting fixes that fail\" does not name the wrong fix string-prefix "
                + "by its title \"Compare the paths as strings\"");
    }

    @Test
    void aLessonWithoutItsTemptingFixesIsReported() throws IOException {
        var cells = (ArrayNode) lesson.get("cells");
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).path("id").asText().equals("tempting-fixes")) {
                cells.remove(i);
            }
        }

        assertThat(problemsInPlace()).singleElement().asString()
                .startsWith("no markdown cell headed \"## Tempting fixes that fail\": the kata's wrong fixes (solutions/wrong-fixes/path-traversal)");
    }

    /** Every problem of the changed lesson, checked as if it sat in katas/notebooks: the rules that need the catalogue too. */
    private java.util.List<String> problemsInPlace() throws IOException {
        var file = tmp.resolve(LESSON);
        Files.writeString(file, NotebookJson.write(lesson));
        return check.problems(file);
    }

    private java.util.List<String> problemsAfter(Consumer<ObjectNode> change) throws IOException {
        change.accept(lesson);
        var file = tmp.resolve(LESSON);
        Files.writeString(file, NotebookJson.write(lesson));
        return check.contentProblems(file);
    }

    private static ObjectNode codeCell(JsonNode notebook, String id) {
        for (var cell : notebook.get("cells")) {
            if (cell.path("id").asText().equals(id)) {
                return (ObjectNode) cell;
            }
        }
        throw new IllegalArgumentException("No cell " + id);
    }
}
