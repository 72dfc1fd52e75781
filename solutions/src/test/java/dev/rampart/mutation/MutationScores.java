package dev.rampart.mutation;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Reads PIT's {@code mutations.xml} after the mutation profile ran, and writes each kata's
 * score into the table of {@code katas/README.md} (rows of katas that were not mutated keep
 * their old figure and date). A surviving mutant listed in the kata's notes
 * ({@code docs/katas/<id>.md}, section "Equivalent mutants") counts as equivalent, not as a
 * gap in the suite.
 *
 * <p>Run by {@code ./mvnw -pl katas,solutions verify -Pmutation -Dmutate=<id|all>}.
 */
public final class MutationScores {

    static final String START = "<!-- mutation-scores:start -->";
    static final String END = "<!-- mutation-scores:end -->";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|.*");

    /** One kata's figures: mutants PIT made, those the suite killed, and survivors listed as equivalent. */
    record Score(int mutants, int killed, int equivalent, List<String> unexplained) {
        double percent() {
            return mutants == 0 ? 100 : 100.0 * killed / mutants;
        }

        double percentWithEquivalents() {
            return mutants == 0 ? 100 : 100.0 * (killed + equivalent) / mutants;
        }
    }

    private MutationScores() {
    }

    public static void main(String[] args) throws Exception {
        var root = Path.of(args[0]).toAbsolutePath().normalize();
        var report = Path.of(args[1]);
        var catalogue = Catalogue.read(root.resolve("katas/README.md"));
        var scores = read(report, catalogue, root);
        var readme = root.resolve("katas/README.md");
        Files.writeString(readme, update(Files.readString(readme), catalogue, scores, LocalDate.now()));
        scores.forEach((kata, score) -> {
            System.out.printf("%-22s %5.1f %% killed (%d of %d), %5.1f %% counting %d listed equivalent%n",
                    kata.id(), score.percent(), score.killed(), score.mutants(), score.percentWithEquivalents(), score.equivalent());
            score.unexplained().forEach(s -> System.out.println("    survived: " + s));
        });
    }

    /** Scores per kata, for the katas PIT mutated. */
    static Map<Kata, Score> read(Path mutationsXml, Catalogue catalogue, Path root) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        // Our own report, but parsed the way the xxe kata teaches: no DTDs, no external entities.
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var document = factory.newDocumentBuilder().parse(mutationsXml.toFile());
        var mutations = document.getElementsByTagName("mutation");
        var byKata = new LinkedHashMap<Kata, List<Element>>();
        for (int i = 0; i < mutations.getLength(); i++) {
            var mutation = (Element) mutations.item(i);
            catalogue.kataOf(text(mutation, "mutatedClass"))
                    .ifPresent(kata -> byKata.computeIfAbsent(kata, k -> new ArrayList<>()).add(mutation));
        }
        var scores = new LinkedHashMap<Kata, Score>();
        for (var entry : byKata.entrySet()) {
            var equivalents = EquivalentMutants.listed(root.resolve(EquivalentMutants.notes(entry.getKey())));
            int killed = 0;
            int equivalent = 0;
            var unexplained = new ArrayList<String>();
            for (var mutation : entry.getValue()) {
                if ("true".equals(mutation.getAttribute("detected"))) {
                    killed++;
                    continue;
                }
                var survivor = new EquivalentMutants.Survivor(simple(text(mutation, "mutatedClass")),
                        text(mutation, "mutatedMethod"), text(mutation, "description"));
                if (equivalents.stream().anyMatch(survivor::matches)) {
                    equivalent++;
                } else {
                    unexplained.add(survivor + " (line " + text(mutation, "lineNumber") + ", " + mutation.getAttribute("status") + ")");
                }
            }
            scores.put(entry.getKey(), new Score(entry.getValue().size(), killed, equivalent, unexplained));
        }
        return scores;
    }

    /** The README with the scores table rewritten: mutated katas get today's figures, the others keep theirs. */
    static String update(String readme, Catalogue catalogue, Map<Kata, Score> scores, LocalDate today) {
        var start = readme.indexOf(START);
        var end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("katas/README.md has no " + START + " … " + END + " block for the scores");
        }
        var old = new LinkedHashMap<String, String>();
        readme.substring(start, end).lines().forEach(line -> {
            var m = ROW.matcher(line);
            if (m.matches()) {
                old.put(m.group(1), line);
            }
        });
        var table = new StringBuilder(START).append("\n")
                .append("| Kata | Mutants | Killed | Score | Listed equivalent | Score with them | Measured |\n")
                .append("|------|--------:|-------:|------:|------------------:|----------------:|----------|\n");
        for (var kata : catalogue.katas()) {
            var row = Optional.ofNullable(scores.get(kata))
                    .map(s -> "| `%s` | %d | %d | %.0f %% | %d | %.0f %% | %s |".formatted(kata.id(), s.mutants(), s.killed(),
                            s.percent(), s.equivalent(), s.percentWithEquivalents(), today))
                    .orElse(old.getOrDefault(kata.id(), "| `%s` | — | — | — | — | — | not yet |".formatted(kata.id())));
            table.append(row).append("\n");
        }
        return readme.substring(0, start) + table + readme.substring(end);
    }

    private static String text(Element mutation, String tag) {
        var nodes = mutation.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
