package dev.rampart.pristine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * This build's release is the repository's committed katas, checked against git itself (the
 * command-line tool, not JGit, so the check does not share the snapshot's reading): the same
 * files, byte for byte. Skipped where git or the repository is not there (a downloaded zip).
 */
class BundledReleaseTest {

    private final Path repository = Path.of(System.getProperty("rampart.repository", "..")).toAbsolutePath().normalize();
    private final String workspace = System.getProperty("rampart.release.workspace", "katas");

    @Test
    void theBundledReleaseIsTheCommittedKatasByteForByte() throws Exception {
        var listing = git("ls-tree", "-r", "--name-only", "HEAD", "--", workspace + "/");
        assumeTrue(listing.isPresent(), "no git repository here: nothing to compare the release with");
        var committed = new String(listing.get(), java.nio.charset.StandardCharsets.UTF_8).lines()
                .map(path -> path.substring(workspace.length() + 1)).filter(Snapshot::released).sorted().toList();
        var release = Release.bundled();

        assertThat(release.origin().committed()).isTrue();
        assertThat(release.origin().commit()).isEqualTo(new String(git("rev-parse", "HEAD").orElseThrow()).strip());
        assertThat(release.files()).containsExactlyElementsOf(committed)
                .contains("README.md").anyMatch(path -> path.startsWith("notebooks/")).anyMatch(path -> path.startsWith("src/main/java/"));
        for (var path : committed) {
            assertThat(release.read(path)).as(path).isEqualTo(git("show", "HEAD:" + workspace + "/" + path).orElseThrow());
        }
    }

    private Optional<byte[]> git(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noGit) {
            return Optional.empty();
        }
        var out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        return process.waitFor() == 0 ? Optional.of(out.toByteArray()) : Optional.empty();
    }
}
