package dev.rampart.server.kernel.child;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;

/**
 * A cell cut into the snippets JShell evaluates one at a time, each remembering where it sits
 * in the cell so errors can point at the learner's line and column.
 */
final class Cell {

    /**
     * One snippet.
     *
     * @param source     what JShell evaluates (a missing final semicolon added)
     * @param start      offset of the snippet's first character in the cell
     * @param length     how many characters of the cell it covers
     * @param bareValue  an expression left without a semicolon: its value is the cell's output
     */
    record Piece(String source, int start, int length, boolean bareValue) {
    }

    private final String text;
    private final List<Piece> pieces;

    private Cell(String text, List<Piece> pieces) {
        this.text = text;
        this.pieces = List.copyOf(pieces);
    }

    /** Splits with {@code analyzeCompletion}, as JShell's own tool does for typed input. */
    static Cell split(String text, SourceCodeAnalysis analysis) {
        var pieces = new ArrayList<Piece>();
        var remaining = text;
        while (!remaining.isBlank()) {
            int start = text.length() - remaining.length();
            var info = analysis.analyzeCompletion(remaining);
            var completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break; // only comments and blanks are left
            }
            if (!completeness.isComplete() || completeness == Completeness.UNKNOWN || info.source() == null
                    || info.remaining().length() >= remaining.length()) {
                // Unfinished or unparseable: hand the rest to JShell whole, so its error names it.
                var rest = remaining.stripLeading();
                int lead = remaining.length() - rest.length();
                pieces.add(new Piece(rest, start + lead, rest.length(), false));
                break;
            }
            int length = remaining.length() - info.remaining().length();
            // JShell numbers a snippet's lines wrongly when it opens with blank lines: start at the code.
            var source = info.source();
            int lead = 0;
            while (lead < Math.min(source.length(), length) && Character.isWhitespace(source.charAt(lead))) {
                lead++;
            }
            pieces.add(new Piece(source.substring(lead), start + lead, length - lead,
                    lastSignificant(remaining.substring(0, length)) != ';'));
            remaining = info.remaining();
        }
        return new Cell(text, pieces);
    }

    /**
     * The last character that is not blank or inside a comment: tells {@code x} (a value to show)
     * from {@code x;} (a statement), whatever comment follows.
     */
    static char lastSignificant(String source) {
        char last = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
            if (c == '/' && next == '/') {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (c == '/' && next == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 1;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                boolean block = c == '"' && source.startsWith("\"\"\"", i);
                if (block) {
                    int close = source.indexOf("\"\"\"", i + 3);
                    i = close < 0 ? source.length() : close + 2;
                } else {
                    while (end < source.length() && source.charAt(end) != c && source.charAt(end) != '\n') {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    i = Math.min(end, source.length());
                }
                last = c;
            } else if (!Character.isWhitespace(c)) {
                last = c;
            }
        }
        return last;
    }

    List<Piece> pieces() {
        return pieces;
    }

    String text() {
        return text;
    }

    /** 1-based line of a cell offset. */
    int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** 1-based column of a cell offset. */
    int columnOf(int offset) {
        int at = Math.min(offset, text.length());
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        return at - lineStart + 1;
    }

    /** The text of the line holding this offset, for a caret under the error. */
    String lineText(int offset) {
        int at = Math.min(offset, text.length());
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = text.indexOf('\n', at);
        return text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
    }

    /** Offset in the cell of a position inside a piece's source, clamped to the piece. */
    static int offsetOf(Piece piece, long positionInSource) {
        long pos = Math.max(0, Math.min(positionInSource, Math.max(piece.length() - 1, 0)));
        return piece.start() + (int) pos;
    }
}
