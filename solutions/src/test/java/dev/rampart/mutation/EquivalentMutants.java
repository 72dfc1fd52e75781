package dev.rampart.mutation;

import dev.rampart.contract.Kata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * The surviving mutants a kata's notes explain as equivalent (no test could tell them from the
 * solution): the table under the heading "Equivalent mutants" in {@code docs/katas/<id>.md},
 * with the columns class, method, PIT's description of the mutation, and why it is equivalent.
 */
final class EquivalentMutants {

    static final String HEADING = "Equivalent mutants";

    /** A mutant as PIT describes it, and as a row of the notes names it. */
    record Survivor(String type, String method, String description) {
        boolean matches(Survivor other) {
            return type.equals(other.type) && method.equals(other.method) && description.equals(other.description);
        }

        @Override
        public String toString() {
            return type + "." + method + ": " + description;
        }
    }

    private EquivalentMutants() {
    }

    static Path notes(Kata kata) {
        return Path.of("docs", "katas", kata.id() + ".md");
    }

    /** The listed mutants; none when the notes or the section do not exist. */
    static List<Survivor> listed(Path notes) {
        if (!Files.isRegularFile(notes)) {
            return List.of();
        }
        String markdown;
        try {
            markdown = Files.readString(notes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var listed = new ArrayList<Survivor>();
        var parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        var inSection = false;
        for (var block = parser.parse(markdown).getFirstChild(); block != null; block = block.getNext()) {
            if (block instanceof Heading heading) {
                inSection = text(heading).strip().equals(HEADING);
            } else if (inSection && block instanceof CustomBlock) {
                for (var section = block.getFirstChild(); section != null; section = section.getNext()) {
                    if (section instanceof TableBody) {
                        for (var row = section.getFirstChild(); row != null; row = row.getNext()) {
                            survivor((TableRow) row, notes).ifPresent(listed::add);
                        }
                    }
                }
            }
        }
        return listed;
    }

    private static Optional<Survivor> survivor(TableRow row, Path notes) {
        var cells = new ArrayList<String>();
        for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
            cells.add(text(cell).strip());
        }
        if (cells.size() < 4 || cells.get(3).isEmpty()) {
            throw new IllegalStateException(notes + ": a row of \"" + HEADING + "\" needs class, method, mutation and why it is equivalent: " + cells);
        }
        return Optional.of(new Survivor(cells.get(0), cells.get(1), cells.get(2)));
    }

    private static String text(Node node) {
        var out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }

            @Override
            public void visit(CustomNode node) {
                visitChildren(node);
            }
        });
        return out.toString();
    }
}
