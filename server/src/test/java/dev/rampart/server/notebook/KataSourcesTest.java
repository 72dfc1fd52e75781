package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.security.Confinement;
import dev.rampart.server.security.OutsideWorkspaceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KataSourcesTest {

    static final String FOLDER = "src/main/java/dev/rampart/kata/demokata";

    @TempDir
    Path sandbox;
    Path workspace;
    KataSources katas;
    ReleasedKatas starters = ReleasedKatas.fromClasspath("/release-fixture/");

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(sandbox.resolve("ws"));
        var folder = Files.createDirectories(workspace.resolve(FOLDER));
        var kata = starters.find("demo-kata").orElseThrow();
        for (var file : starters.files(kata)) {
            Files.write(folder.resolve(file), starters.pristine(kata, file));
        }
        katas = new KataSources(new Confinement(workspace), starters, 10_000);
    }

    @Test
    void readsAndWritesTheFileTheSuiteCompiles() throws IOException {
        var source = katas.read("demo-kata", "Greeter.java");

        var saved = katas.write("demo-kata", "Greeter.java", source.content().replace("Hello", "Hi"), Optional.of(source.version()));

        assertThat(Files.readString(workspace.resolve(FOLDER).resolve("Greeter.java"))).contains("\"Hi, \"");
        assertThat(saved.version()).isNotEqualTo(source.version());
        assertThat(katas.files("demo-kata")).containsExactly("Greeter.java", "Names.java");
    }

    @Test
    void aStaleWriteIsRefused() throws IOException {
        var source = katas.read("demo-kata", "Greeter.java");
        Files.writeString(workspace.resolve(FOLDER).resolve("Greeter.java"), "// edited in the IDE meanwhile");

        assertThatThrownBy(() -> katas.write("demo-kata", "Greeter.java", "// from the browser", Optional.of(source.version())))
                .isInstanceOf(StaleVersionException.class);
        assertThat(Files.readString(workspace.resolve(FOLDER).resolve("Greeter.java"))).isEqualTo("// edited in the IDE meanwhile");
    }

    @Test
    void resetPutsThePristineStarterBackAndKeepsTheLearnersWorkAsACheckpoint() throws IOException {
        var greeter = workspace.resolve(FOLDER).resolve("Greeter.java");
        Files.writeString(greeter, "// my fix");

        katas.reset("demo-kata");

        var kata = starters.find("demo-kata").orElseThrow();
        assertThat(Files.readAllBytes(greeter)).isEqualTo(starters.pristine(kata, "Greeter.java"));
        assertThat(katas.checkpoints("demo-kata")).hasSize(1);
        try (var stray = Files.walk(workspace.resolve("src"))) {
            assertThat(stray.filter(p -> p.toString().contains("checkpoint"))).as("no second copy where javac would see it").isEmpty();
        }

        katas.restore("demo-kata", "checkpoint");
        assertThat(Files.readString(greeter, StandardCharsets.UTF_8)).isEqualTo("// my fix");
    }

    @Test
    void onlyJavaSourcesOfTheKataAreReachable() throws IOException {
        Files.writeString(sandbox.resolve("secret.java"), "outside");

        assertThatThrownBy(() -> katas.read("demo-kata", "../../../../../../../secret.java")).isInstanceOf(UnsupportedFileException.class);
        assertThatThrownBy(() -> katas.read("demo-kata", "pom.xml")).isInstanceOf(UnsupportedFileException.class);
        assertThatThrownBy(() -> katas.read("no-such-kata", "Greeter.java")).isInstanceOf(MissingFileException.class);
    }

    @Test
    void aKataFolderSymlinkedOutOfTheWorkspaceIsRefused() throws IOException {
        var folder = workspace.resolve(FOLDER);
        var elsewhere = Files.createDirectories(sandbox.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("Greeter.java"), "outside");
        try (var files = Files.list(folder)) {
            for (var file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.delete(folder);
        Files.createSymbolicLink(folder, elsewhere);

        assertThatThrownBy(() -> katas.read("demo-kata", "Greeter.java")).isInstanceOf(OutsideWorkspaceException.class);
        assertThatThrownBy(() -> katas.reset("demo-kata")).isInstanceOf(OutsideWorkspaceException.class);
        assertThat(Files.readString(elsewhere.resolve("Greeter.java"))).isEqualTo("outside");
    }
}
