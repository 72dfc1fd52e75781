package dev.rampart.server.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rampart.contract.Catalogue;
import dev.rampart.contract.WrongFix;
import dev.rampart.server.notebook.InvalidLessonException;
import dev.rampart.server.notebook.InvalidNotebookException;
import dev.rampart.server.notebook.Lesson;
import dev.rampart.server.notebook.NotebookJson;
import dev.rampart.server.notebook.NotebookSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Checks a committed lesson notebook against the nbformat 4.5 schema and the lesson convention
 * (docs/lessons.md), without running it. Every problem is reported, not only the first, so one
 * build names everything to fix.
 */
final class LessonCheck {

    private static final String KERNEL_NAME = "java";
    private static final String KERNEL_DISPLAY_NAME = "Java (Rampart)";
    private static final String LANGUAGE = "java";
    static final String TEMPTING_FIXES = "## Tempting fixes that fail";

    private final NotebookSchema schema;
    private final Path workspace;
    private final Catalogue catalogue;

    /** @param workspace the katas folder: the catalogue {@code README.md} and {@code src/main/java} */
    LessonCheck(NotebookSchema schema, Path workspace) {
        this.schema = schema;
        this.workspace = workspace;
        this.catalogue = Catalogue.read(workspace.resolve("README.md"));
    }

    /** Everything wrong with the lesson at {@code file}, including where it sits and how the catalogue links it. */
    List<String> problems(Path file) {
        var problems = new ArrayList<String>();
        var notebook = read(file, problems);
        if (notebook == null) {
            return problems;
        }
        var lesson = lesson(notebook, problems);
        if (lesson == null) {
            return problems;
        }
        var name = file.getFileName().toString();
        catalogue.katas().stream().filter(k -> k.id().equals(lesson.kata())).findFirst().ifPresent(kata -> {
            var expected = kata.lesson().getFileName().toString();
            if (!name.equals(expected)) {
                problems.add("a lesson of kata " + kata.id() + " must be named " + expected + " (number, then id)");
            }
            var row = catalogue.rows().stream().filter(r -> r.kata().equals(kata)).findFirst().orElseThrow();
            if (!row.links().contains("notebooks/" + name)) {
                problems.add("the row of " + kata.id() + " in katas/README.md does not link notebooks/" + name
                        + " in its Lesson column");
            }
            checkTemptingFixes(notebook.path("cells"), WrongFix.of(kata, workspace.getParent()), problems);
        });
        return problems;
    }

    /**
     * The kata's wrong fixes are teaching material: one markdown cell headed
     * {@value #TEMPTING_FIXES} names each by its title (and says which case catches it, why).
     */
    private static void checkTemptingFixes(JsonNode cells, List<WrongFix> fixes, List<String> problems) {
        if (fixes.isEmpty()) {
            return;
        }
        String section = null;
        for (var cell : cells) {
            var text = sourceText(cell.path("source"));
            if ("markdown".equals(cell.path("cell_type").asText()) && text.lines().anyMatch(TEMPTING_FIXES::equals)) {
                section = text;
            }
        }
        if (section == null) {
            problems.add("no markdown cell headed \"" + TEMPTING_FIXES + "\": the kata's wrong fixes (solutions/wrong-fixes/"
                    + fixes.get(0).kata().id() + ") are taught there");
            return;
        }
        for (var fix : fixes) {
            if (!section.contains(fix.title())) {
                problems.add("\"" + TEMPTING_FIXES + "\" does not name the wrong fix " + fix.name() + " by its title \""
                        + fix.title() + "\"");
            }
        }
    }

    /**
     * What is wrong with a lesson as committed, wherever it sits: the schema, the layout, the
     * convention, the kata and its files in the workspace.
     */
    List<String> contentProblems(Path file) {
        var problems = new ArrayList<String>();
        var notebook = read(file, problems);
        if (notebook != null) {
            lesson(notebook, problems);
        }
        return problems;
    }

    /** The notebook, or null after recording why it cannot be read or is not valid nbformat. */
    private JsonNode read(Path file, List<String> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        JsonNode notebook;
        try {
            notebook = NotebookJson.read(text);
        } catch (InvalidNotebookException e) {
            problems.addAll(e.problems());
            return null;
        }
        var invalid = schema.problems(text);
        if (!invalid.isEmpty()) {
            invalid.forEach(p -> problems.add("nbformat 4.5: " + p));
            return null;
        }
        if (!NotebookJson.write(notebook).equals(text)) {
            problems.add("not in nbformat's own layout (one-space indent, sorted keys, a final newline):"
                    + " save it from Jupyter or the Rampart server, or rewrite it with NotebookJson.write");
        }
        return notebook;
    }

    /** The lesson, or null after recording why the notebook is not one. */
    private Lesson lesson(JsonNode notebook, List<String> problems) {
        Lesson lesson;
        try {
            lesson = Lesson.read(notebook);
        } catch (InvalidLessonException e) {
            problems.addAll(e.problems());
            return null;
        }
        checkMetadata(notebook.path("metadata"), problems);
        checkCells(notebook.path("cells"), problems);
        var kata = catalogue.katas().stream().filter(k -> k.id().equals(lesson.kata())).findFirst();
        if (kata.isEmpty()) {
            problems.add("metadata.rampart.kata \"" + lesson.kata() + "\" is no kata of katas/README.md; known: " + catalogue.ids());
            return lesson;
        }
        var sources = workspace.resolve(Path.of("src", "main", "java")).resolve(kata.get().packageDir());
        for (var bound : lesson.boundSources()) {
            if (!Files.isRegularFile(sources.resolve(bound.file()))) {
                problems.add(bound.describe() + ": binds " + bound.file() + ", which is not in "
                        + workspace.relativize(sources).toString().replace('\\', '/'));
            }
        }
        if (lesson.boundSources().isEmpty()) {
            problems.add("no bound source cell: a lesson shows the learner the file they fix (metadata.rampart.file)");
        }
        if (lesson.cells().stream().noneMatch(Lesson.RunAttacks.class::isInstance)) {
            problems.add("no \"run the attacks\" cell (metadata.rampart.action \"attacks\")");
        }
        return lesson;
    }

    private static void checkMetadata(JsonNode metadata, List<String> problems) {
        var kernelspec = metadata.path("kernelspec");
        if (!KERNEL_NAME.equals(kernelspec.path("name").asText(null))
                || !KERNEL_DISPLAY_NAME.equals(kernelspec.path("display_name").asText(null))
                || !LANGUAGE.equals(kernelspec.path("language").asText(null))) {
            problems.add("metadata.kernelspec must be {\"name\": \"java\", \"display_name\": \"Java (Rampart)\", \"language\": \"java\"}");
        }
        if (!LANGUAGE.equals(metadata.path("language_info").path("name").asText(null))) {
            problems.add("metadata.language_info.name must be \"java\"");
        }
    }

    private static void checkCells(JsonNode cells, List<String> problems) {
        var ids = new HashSet<String>();
        var index = 0;
        for (var cell : cells) {
            index++;
            var id = cell.path("id").asText("");
            var where = "cell " + index + " (" + id + ")";
            if (!ids.add(id)) {
                problems.add(where + ": another cell has the same id; ids must be unique");
            }
            if (!"code".equals(cell.path("cell_type").asText())) {
                continue;
            }
            if (!cell.path("outputs").isEmpty()) {
                problems.add(where + ": committed with outputs; clear them before committing");
            }
            if (!cell.path("execution_count").isNull()) {
                problems.add(where + ": committed with an execution count; clear outputs before committing");
            }
            if (cell.path("metadata").has("rampart") && !sourceText(cell.path("source")).isEmpty()) {
                problems.add(where + ": a bound or attacks cell is committed empty; its code comes from the workspace,"
                        + " so a copy here would go stale");
            }
        }
    }

    private static String sourceText(JsonNode source) {
        if (source.isArray()) {
            var text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText("");
    }
}
