package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The starters bundled in the server (what "reset the kata" restores) must be the starters
 * committed in the repository: compared with {@code git show HEAD:...}, never with the working
 * tree, where the learner's fixes live. Skipped where there is no git repository.
 *
 * <p>When a kata lands or its starter changes, refresh the bundle with
 * {@code ./mvnw -q test -pl server -Dtest=BundledStartersTest -Drampart.starters.refresh=true}.
 */
class BundledStartersTest {

    private static final Path BUNDLE = Path.of("src/main/resources/dev/rampart/server/starters");
    private static final String HOW_TO_REFRESH =
            "refresh the bundle: ./mvnw -q test -pl server -Dtest=BundledStartersTest -Drampart.starters.refresh=true";

    private final Path repository = Path.of(System.getProperty("rampart.repository", ".."));

    @Test
    void bundledStartersAreTheCommittedStarters() throws Exception {
        var committed = committedStarters();
        assumeTrue(committed.isPresent(), "no git repository here: nothing to compare the bundled starters with");
        if (Boolean.getBoolean("rampart.starters.refresh")) {
            refresh(committed.get());
        }
        var bundled = Starters.bundled();

        assertThat(bundled.katas()).as("katas with a committed starter; " + HOW_TO_REFRESH)
                .containsExactlyElementsOf(committed.get().keySet());
        committed.get().forEach((kata, files) -> {
            assertThat(bundled.files(kata)).as("%s's files; %s", kata.id(), HOW_TO_REFRESH).containsExactlyElementsOf(files);
            for (var file : files) {
                assertThat(new String(bundled.pristine(kata, file), StandardCharsets.UTF_8))
                        .as("%s/%s differs from the committed starter; %s", kata.id(), file, HOW_TO_REFRESH)
                        .isEqualTo(committedFile(kata, file));
            }
        });
    }

    /** Katas in the committed catalogue whose starter folder is committed too, each with its starter's files. */
    private Optional<Map<Kata, List<String>>> committedStarters() throws Exception {
        var readme = git("show", "HEAD:katas/README.md");
        if (readme.isEmpty()) {
            return Optional.empty();
        }
        var katas = new LinkedHashMap<Kata, List<String>>();
        for (var kata : Catalogue.parse(Path.of("katas/README.md"), readme.get()).katas()) {
            var listing = git("ls-tree", "--name-only", "HEAD", "katas/" + kata.workspaceSources() + "/").orElse("");
            var files = listing.lines().map(line -> line.substring(line.lastIndexOf('/') + 1))
                    .filter(name -> name.endsWith(".java")).sorted().toList();
            if (!files.isEmpty()) {
                katas.put(kata, files);
            }
        }
        return Optional.of(katas);
    }

    private String committedFile(Kata kata, String file) {
        try {
            return git("show", "HEAD:katas/" + kata.workspaceSources() + "/" + file).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void refresh(Map<Kata, List<String>> katas) throws Exception {
        var catalogue = new ArrayList<Map<String, Object>>();
        for (var starter : katas.entrySet()) {
            var kata = starter.getKey();
            var folder = Files.createDirectories(BUNDLE.resolve(kata.id()));
            for (var file : starter.getValue()) {
                Files.writeString(folder.resolve(file), committedFile(kata, file));
            }
            var entry = new LinkedHashMap<String, Object>();
            entry.put("number", kata.number());
            entry.put("id", kata.id());
            entry.put("title", kata.title());
            entry.put("files", starter.getValue());
            catalogue.add(entry);
        }
        Files.writeString(BUNDLE.resolve("catalogue.json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(catalogue) + "\n");
        throw new AssertionError("Refreshed the bundled starters from git HEAD: rebuild (./mvnw -q verify -pl server) and commit them");
    }

    private Optional<String> git(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            return Optional.empty();
        }
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    }
}
