package dev.rampart.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the tests read and prepare on the server's disk, the truth the page must agree with. */
final class Workspace {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String LESSON = "notebooks/11-sql-injection.ipynb";
    static final String SOURCE = "src/main/java/dev/rampart/kata/sqlinjection/UserRepository.java";

    private Workspace() {
    }

    /**
     * A small notebook of a lesson's shape (Markdown, a code cell, the sql-injection kata's
     * source cell, the attacks cell) under {@code notebooks/NAME.ipynb}, for a test to change
     * freely. Not the lesson's path, so its kernel is not bound to the kata.
     */
    static String smallLesson(RampartServer server, String name) {
        var path = "notebooks/" + name + ".ipynb";
        try (var in = Workspace.class.getResourceAsStream("/browser/small-lesson.ipynb")) {
            Files.write(server.file(path), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    static void write(RampartServer server, String path, JsonNode notebook) {
        try {
            Files.writeString(server.file(path), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(notebook) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode notebook(RampartServer server, String path) {
        try {
            return JSON.readTree(server.file(path).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each cell's type and source, as saved. */
    static List<String> cells(RampartServer server, String path) {
        var cells = new ArrayList<String>();
        notebook(server, path).path("cells").forEach(cell -> cells.add(cell.path("cell_type").asText() + ": " + text(cell.path("source"))));
        return cells;
    }

    static String text(JsonNode multiline) {
        if (multiline.isArray()) {
            var text = new StringBuilder();
            multiline.forEach(line -> text.append(line.asText()));
            return text.toString();
        }
        return multiline.asText();
    }

    static String read(RampartServer server, String path) {
        try {
            return Files.readString(server.file(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of the repository itself (the pristine katas the server's workspace was copied from). */
    static String read(Path repository, String path) {
        try {
            return Files.readString(repository.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(RampartServer server, String path, String content) {
        try {
            Files.writeString(server.file(path), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files in a workspace folder whose name starts with {@code prefix}. */
    static List<Path> named(RampartServer server, String folder, String prefix) {
        try (var files = Files.list(server.file(folder))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
