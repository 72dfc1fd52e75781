package dev.rampart.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * The kata catalogue: the table in {@code katas/README.md}, read with a real Markdown parser.
 *
 * <p>A row's first cell is the kata's number, its second holds the id as code
 * ({@code `path-traversal`}), its third the title; the remaining cells link the parts. Every
 * link in a row must point at a file that exists, so the catalogue never rots.
 */
public final class Catalogue {

    private static final int MAX_EDITS = 3;
    private static final LevenshteinDistance EDITS = new LevenshteinDistance(MAX_EDITS);

    private final Path readme;
    private final List<Row> rows;

    /** A catalogue row: the kata and the relative links its row holds. */
    public record Row(Kata kata, List<String> links) {
        public Row {
            links = List.copyOf(links);
        }
    }

    private Catalogue(Path readme, List<Row> rows) {
        this.readme = readme;
        this.rows = List.copyOf(rows);
    }

    /**
     * The catalogue this JVM works with: {@code -Drampart.catalogue=...} (the build sets it),
     * else {@code README.md} or {@code katas/README.md} from the working directory.
     */
    public static Catalogue current() {
        var configured = System.getProperty("rampart.catalogue");
        if (configured != null) {
            return read(Path.of(configured));
        }
        for (var candidate : List.of(Path.of("README.md"), Path.of("katas", "README.md"))) {
            if (Files.isRegularFile(candidate) && candidate.toAbsolutePath().getParent().endsWith("katas")) {
                return read(candidate);
            }
        }
        throw new IllegalStateException("Cannot find the kata catalogue: set -Drampart.catalogue=<path to katas/README.md>");
    }

    public static Catalogue read(Path readme) {
        try {
            return parse(readme, Files.readString(readme));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the kata catalogue " + readme, e);
        }
    }

    /**
     * The catalogue in {@code markdown}, as if read from {@code readme} (named in errors and used
     * to resolve nothing else): for a catalogue that is not a file, such as one from git history.
     */
    public static Catalogue parse(Path readme, String markdown) {
        var parser = Parser.builder().extensions(List.of(TablesExtension.create())).build();
        var rows = new ArrayList<Row>();
        parser.parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock) {
                    for (var section = block.getFirstChild(); section != null; section = section.getNext()) {
                        if (section instanceof TableBody) {
                            for (var row = section.getFirstChild(); row != null; row = row.getNext()) {
                                rowOf(row).ifPresent(rows::add);
                            }
                        }
                    }
                }
            }
        });
        if (rows.isEmpty()) {
            throw new IllegalStateException(readme + " holds no kata table (rows like | 6 | `path-traversal` | Path traversal | ... |)");
        }
        return new Catalogue(readme, rows);
    }

    private static Optional<Row> rowOf(Node row) {
        var cells = new ArrayList<Node>();
        for (var cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
            cells.add(cell);
        }
        if (cells.size() < 3) {
            return Optional.empty();
        }
        var number = text(cells.get(0)).strip();
        var id = code(cells.get(1));
        if (!number.matches("\\d+") || id.isEmpty()) {
            return Optional.empty();
        }
        var links = new ArrayList<String>();
        cells.subList(2, cells.size()).forEach(cell -> collectLinks(cell, links));
        return Optional.of(new Row(new Kata(Integer.parseInt(number), id.get(), text(cells.get(2)).strip()), links));
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
        });
        return out.toString();
    }

    private static Optional<String> code(Node node) {
        var found = new ArrayList<String>();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                found.add(code.getLiteral());
            }
        });
        return found.stream().findFirst();
    }

    private static void collectLinks(Node node, List<String> into) {
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                into.add(link.getDestination());
            }
        });
    }

    /** The catalogue file itself. */
    public Path readme() {
        return readme;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Kata> katas() {
        return rows.stream().map(Row::kata).toList();
    }

    /** The kata with this id, or an error that suggests the closest one and lists those that exist. */
    public Kata kata(String id) {
        return katas().stream().filter(k -> k.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(unknown(id)));
    }

    /**
     * What to tell someone who typed an id the catalogue does not hold: the closest id when
     * there is one ({@code sql_injection}, {@code sqlinjection}, {@code 11}), then every id.
     */
    public String unknown(String id) {
        var hint = closest(id).map(k -> ": did you mean " + k.id() + "?").orElse(".");
        return "Unknown kata '" + id + "'" + hint + System.lineSeparator() + "Known katas: " + ids() + " (or all)";
    }

    /** A number names the kata with that number; otherwise the id at most three edits away, if one is. */
    Optional<Kata> closest(String typed) {
        var id = typed.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (id.matches("\\d{1,3}")) {
            return katas().stream().filter(k -> k.number() == Integer.parseInt(id)).findFirst();
        }
        return katas().stream()
                .filter(k -> edits(id, k.id()) <= MAX_EDITS)
                .min(Comparator.comparingInt(k -> edits(id, k.id())));
    }

    /** Edits from one id to another, dashes ignored ("sqlinjection"); past the limit, one more than it. */
    private static int edits(String typed, String id) {
        var distance = EDITS.apply(typed.replace("-", ""), id.replace("-", ""));
        return distance < 0 ? MAX_EDITS + 1 : distance;
    }

    /** The kata whose package holds this class, if any. */
    public Optional<Kata> kataOf(String className) {
        return katas().stream().filter(k -> className.startsWith(k.packageName() + ".")).findFirst();
    }

    public String ids() {
        return katas().stream().map(Kata::id).collect(Collectors.joining(", "));
    }
}
