package dev.rampart.server.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A lesson notebook read by Rampart's convention (docs/lessons.md): the kata it teaches, and what
 * each cell is. The notebook's metadata names the kata ({@code "rampart": {"kata": "sql-injection"}});
 * a code cell's metadata may bind it to one of the kata's source files
 * ({@code "rampart": {"file": "UserRepository.java"}}) or make it the "run the attacks" step
 * ({@code "rampart": {"action": "attacks"}}).
 *
 * <p>Read the notebook with {@link NotebookJson} and check it with {@link NotebookSchema} first:
 * this class assumes a valid nbformat 4.5 document and checks only Rampart's own fields.
 *
 * @param kata  the id of the kata the lesson teaches
 * @param cells every cell, in order
 */
public record Lesson(String kata, List<Cell> cells) {

    /** A kata id, as the catalogue spells them. */
    private static final Pattern KATA_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** A Java source file directly in the kata's package folder; no folders, no dots but the extension. */
    private static final Pattern SOURCE_FILE = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]{0,100}\\.java");
    private static final String ATTACKS = "attacks";

    public Lesson {
        cells = List.copyOf(cells);
    }

    /** One cell of a lesson; {@code index} counts from 1, as a reader counts cells. */
    public sealed interface Cell {
        int index();

        String id();

        /** How a message names this cell: {@code cell 4 (build-site)}. */
        default String describe() {
            return "cell " + index() + " (" + id() + ")";
        }
    }

    /** Prose: a markdown or raw cell. Never run. */
    public record Text(int index, String id, String source) implements Cell {
    }

    /** An ordinary code cell, run in the kernel as it is. */
    public record Code(int index, String id, String source) implements Cell {
    }

    /**
     * A code cell that shows one of the kata's source files. Its code is the file in the
     * learner's workspace, never a copy kept in the notebook; running it binds the kernel to the
     * kata again, which compiles the file.
     */
    public record BoundSource(int index, String id, String file) implements Cell {
    }

    /** The "run the attacks" step: runs the kata's attack suite against the learner's code. */
    public record RunAttacks(int index, String id) implements Cell {
    }

    /** Whether a notebook claims to be a lesson (its metadata names a kata). Other notebooks are the learner's own. */
    public static boolean isLesson(JsonNode notebook) {
        return notebook.path("metadata").path("rampart").has("kata");
    }

    /**
     * Reads a notebook as a lesson.
     *
     * @throws InvalidLessonException listing every field that breaks the convention
     */
    public static Lesson read(JsonNode notebook) {
        var problems = new ArrayList<String>();
        var kata = notebook.path("metadata").path("rampart").path("kata");
        if (!kata.isTextual() || !KATA_ID.matcher(kata.asText()).matches()) {
            problems.add("metadata.rampart.kata must name a kata, like \"path-traversal\"");
        }
        var cells = new ArrayList<Cell>();
        var index = 0;
        for (var node : notebook.path("cells")) {
            index++;
            cell(index, node, problems).ifPresent(cells::add);
        }
        if (!problems.isEmpty()) {
            throw new InvalidLessonException(problems);
        }
        return new Lesson(kata.asText(), cells);
    }

    private static Optional<Cell> cell(int index, JsonNode node, List<String> problems) {
        var id = node.path("id").asText("");
        var where = "cell " + index + " (" + id + ")";
        var source = source(node.path("source"));
        if (!"code".equals(node.path("cell_type").asText())) {
            return Optional.of(new Text(index, id, source));
        }
        var rampart = node.path("metadata").path("rampart");
        if (rampart.isMissingNode()) {
            return Optional.of(new Code(index, id, source));
        }
        if (!rampart.isObject()) {
            problems.add(where + ": metadata.rampart must be an object, like {\"file\": \"FileServer.java\"} or {\"action\": \"attacks\"}");
            return Optional.empty();
        }
        var file = rampart.path("file");
        var action = rampart.path("action");
        if (file.isMissingNode() == action.isMissingNode()) {
            problems.add(where + ": metadata.rampart needs exactly one of \"file\" (a bound source cell) or \"action\" (\"attacks\")");
            return Optional.empty();
        }
        if (!file.isMissingNode()) {
            if (!file.isTextual() || !SOURCE_FILE.matcher(file.asText()).matches()) {
                problems.add(where + ": metadata.rampart.file must be a Java file name in the kata's package, like \"FileServer.java\"");
                return Optional.empty();
            }
            return Optional.of(new BoundSource(index, id, file.asText()));
        }
        if (!ATTACKS.equals(action.asText(null))) {
            problems.add(where + ": metadata.rampart.action " + action + " is not one Rampart knows; the only action is \"attacks\"");
            return Optional.empty();
        }
        return Optional.of(new RunAttacks(index, id));
    }

    /** nbformat stores a cell's source as one string or as a list of lines. */
    private static String source(JsonNode source) {
        if (source.isArray()) {
            var text = new StringBuilder();
            source.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return source.asText("");
    }

    /** The bound source cells, in order. */
    public List<BoundSource> boundSources() {
        return cells.stream().filter(BoundSource.class::isInstance).map(BoundSource.class::cast).toList();
    }
}
