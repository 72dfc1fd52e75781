package dev.rampart.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
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

    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*`([a-z0-9-]+)`\\s*\\|\\s*([^|]+?)\\s*\\|", Pattern.MULTILINE);
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

        assertThat(bundled.katas()).extracting(Kata::id).as("katas with a committed starter; " + HOW_TO_REFRESH)
                .containsExactlyElementsOf(committed.get().stream().map(Kata::id).toList());
        for (var kata : committed.get()) {
            var shipped = bundled.find(kata.id()).orElseThrow();
            assertThat(shipped.files()).as("%s's files; %s", kata.id(), HOW_TO_REFRESH).containsExactlyElementsOf(kata.files());
            for (var file : kata.files()) {
                assertThat(new String(bundled.pristine(shipped, file), StandardCharsets.UTF_8))
                        .as("%s/%s differs from the committed starter; %s", kata.id(), file, HOW_TO_REFRESH)
                        .isEqualTo(git("show", "HEAD:katas/" + kata.sourceFolder() + "/" + file).orElseThrow());
            }
        }
    }

    /** Katas in the committed catalogue whose starter folder is committed too. */
    private Optional<List<Kata>> committedStarters() throws Exception {
        var readme = git("show", "HEAD:katas/README.md");
        if (readme.isEmpty()) {
            return Optional.empty();
        }
        var katas = new ArrayList<Kata>();
        var rows = ROW.matcher(readme.get());
        while (rows.find()) {
            var probe = new Kata(Integer.parseInt(rows.group(1)), rows.group(2), rows.group(3), List.of());
            var listing = git("ls-tree", "--name-only", "HEAD", "katas/" + probe.sourceFolder() + "/").orElse("");
            var files = listing.lines().map(line -> line.substring(line.lastIndexOf('/') + 1))
                    .filter(name -> name.endsWith(".java")).sorted().toList();
            if (!files.isEmpty()) {
                katas.add(new Kata(probe.number(), probe.id(), probe.title(), files));
            }
        }
        return Optional.of(katas);
    }

    private void refresh(List<Kata> katas) throws Exception {
        var catalogue = new ArrayList<Map<String, Object>>();
        for (var kata : katas) {
            var folder = Files.createDirectories(BUNDLE.resolve(kata.id()));
            for (var file : kata.files()) {
                Files.writeString(folder.resolve(file), git("show", "HEAD:katas/" + kata.sourceFolder() + "/" + file).orElseThrow());
            }
            var entry = new LinkedHashMap<String, Object>();
            entry.put("number", kata.number());
            entry.put("id", kata.id());
            entry.put("title", kata.title());
            entry.put("files", kata.files());
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
