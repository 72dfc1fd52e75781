package dev.rampart.server.notebook;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A kata the server knows, with its starter's file names. Every path follows from the id by
 * the catalogue's rule: {@code path-traversal} → package {@code dev.rampart.kata.pathtraversal},
 * lesson {@code notebooks/06-path-traversal.ipynb}.
 */
public record Kata(int number, String id, String title, List<String> files) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public Kata {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Kata id '" + id + "' must be kebab-case, like path-traversal");
        }
        files = List.copyOf(files);
    }

    /** The starter's folder relative to the workspace (the katas module). */
    public String sourceFolder() {
        return "src/main/java/dev/rampart/kata/" + id.replace("-", "");
    }

    /** The lesson notebook relative to the workspace. */
    public String lesson() {
        return "notebooks/%02d-%s.ipynb".formatted(number, id);
    }
}
