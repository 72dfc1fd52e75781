package dev.rampart.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogueTest {

    private static final String README = """
            # Katas

            | # | Kata | Title | Starter |
            |---|------|-------|---------|
            | 6 | `path-traversal` | Serve files from one folder | [FileServer](src/main/java/x/FileServer.java) |
            | 11 | `sql-injection` | Query without injection | [UserRepository](src/main/java/y/UserRepository.java) |
            """;

    private final Catalogue catalogue = Catalogue.parse(Path.of("README.md"), README);

    @Test
    void readsOneKataPerRowWithItsLinks() {
        assertThat(catalogue.katas()).containsExactly(
                new Kata(6, "path-traversal", "Serve files from one folder"),
                new Kata(11, "sql-injection", "Query without injection"));
        assertThat(catalogue.rows().get(0).links()).containsExactly("src/main/java/x/FileServer.java");
    }

    @Test
    void derivesEveryPathFromTheId() {
        var kata = catalogue.kata("path-traversal");

        assertThat(kata.packageName()).isEqualTo("dev.rampart.kata.pathtraversal");
        assertThat(kata.lesson()).isEqualTo(Path.of("katas/notebooks/06-path-traversal.ipynb"));
        assertThat(kata.starterSources()).isEqualTo(Path.of("katas/src/main/java/dev/rampart/kata/pathtraversal"));
        assertThat(kata.solutionSources()).isEqualTo(Path.of("solutions/src/main/java/dev/rampart/kata/pathtraversal"));
    }

    @Test
    void anUnknownKataListsTheKnownOnes() {
        assertThatThrownBy(() -> catalogue.kata("xss"))
                .hasMessage("Unknown kata 'xss'." + System.lineSeparator() + "Known katas: path-traversal, sql-injection (or all)");
    }

    @Test
    void aMistypedKataSuggestsTheClosestId() {
        assertThat(catalogue.closest("sql_injection")).map(Kata::id).contains("sql-injection");
        assertThat(catalogue.closest("sqlinjection")).map(Kata::id).contains("sql-injection");
        assertThat(catalogue.closest("path-travesal")).map(Kata::id).contains("path-traversal");
        assertThat(catalogue.closest("Path Traversal")).map(Kata::id).contains("path-traversal");
        assertThat(catalogue.closest("11")).map(Kata::id).contains("sql-injection");
        assertThat(catalogue.closest("12")).isEmpty();
        assertThat(catalogue.closest("xss")).isEmpty();
        assertThat(catalogue.unknown("sql_injection")).startsWith("Unknown kata 'sql_injection': did you mean sql-injection?");
    }

    @Test
    void findsTheKataOfATestClass() {
        assertThat(catalogue.kataOf("dev.rampart.kata.sqlinjection.UserRepositoryTest"))
                .map(Kata::id).contains("sql-injection");
        assertThat(catalogue.kataOf("dev.rampart.kata.sqlinjectionextra.X")).isEmpty();
    }

    @Test
    void refusesIdsThatAreNotKebabCase() {
        assertThatThrownBy(() -> new Kata(1, "Path_Traversal", "x")).hasMessageContaining("kebab-case");
    }

    @Test
    void refusesAReadmeWithoutTable() {
        assertThatThrownBy(() -> Catalogue.parse(Path.of("README.md"), "# nothing here\n"))
                .hasMessageContaining("holds no kata table");
    }
}
