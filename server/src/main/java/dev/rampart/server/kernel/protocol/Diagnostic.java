package dev.rampart.server.kernel.protocol;

import java.util.Objects;

/**
 * A compiler message placed where the learner wrote the code.
 *
 * @param source  {@code "cell"} for the cell being run, else the file relative to the
 *                workspace ({@code src/main/java/dev/rampart/kata/pathtraversal/FileServer.java})
 * @param line    1-based line within that cell or file
 * @param column  1-based column
 * @param message the compiler's own message
 */
public record Diagnostic(String source, int line, int column, String message) {

    public static final String CELL = "cell";

    public Diagnostic {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FileServer.java:12:5: cannot find symbol}, the way compilers print it. */
    public String format() {
        return source + ":" + line + ":" + column + ": " + message;
    }
}
