package dev.rampart.pristine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A solution holds the files its fix changes; the build supplies the rest of its kata's starter, as released. */
class UnchangedStartersTest {

    private static final String UPLOADS = "dev/rampart/kata/fileuploads/";

    @TempDir
    Path sandbox;
    Release release;
    Path solutions;
    Path katas;
    Path output;

    @BeforeEach
    void release() throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put("README.md", "catalogue\n".getBytes(UTF_8));
        files.put("src/main/java/" + UPLOADS + "UploadService.java", "class UploadService { /* starter */ }\n".getBytes(UTF_8));
        files.put("src/main/java/" + UPLOADS + "StoredFile.java", "record StoredFile() {}\n".getBytes(UTF_8));
        files.put("src/main/java/dev/rampart/kata/jwt/JwtService.java", "class JwtService {}\n".getBytes(UTF_8));
        Snapshot.write(new Snapshot.Source(new Release.Origin(true, "abc", "test"), files), sandbox.resolve("release"));
        release = Release.fromFolder(sandbox.resolve("release"));
        solutions = sandbox.resolve("solutions");
        output = sandbox.resolve("generated");
        write(solutions, UPLOADS + "UploadService.java", "class UploadService { /* fixed */ }\n");
        // The learner's workspace, as released until a test edits it.
        release.copyTo(sandbox.resolve("checkout"));
        katas = sandbox.resolve("checkout/src/main/java");
    }

    private static void write(Path root, String path, String content) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), content);
    }

    @Test
    void suppliesTheReleasedFilesTheFixDoesNotChangeForTheKatasWithASolution() throws IOException {
        Files.createDirectories(output.resolve("stale"));

        var notes = UnchangedStarters.supply(release, solutions, katas, output);

        assertThat(output.resolve(UPLOADS + "StoredFile.java")).hasContent("record StoredFile() {}");
        assertThat(output.resolve(UPLOADS + "UploadService.java")).as("the solution's own file").doesNotExist();
        assertThat(output.resolve("dev/rampart/kata/jwt")).as("a kata with no solution gets no copy of its starter").doesNotExist();
        assertThat(output.resolve("stale")).doesNotExist();
        assertThat(notes).isEmpty();
    }

    @Test
    void aLearnersEditInKatasNeverLeaksIntoTheSolutionAndTheBuildSaysSo() throws IOException {
        write(katas, UPLOADS + "StoredFile.java", "record StoredFile(String learnersField) {}\n");

        var notes = UnchangedStarters.supply(release, solutions, katas, output);

        assertThat(output.resolve(UPLOADS + "StoredFile.java")).hasContent("record StoredFile() {}");
        assertThat(notes).containsExactly("solutions: the committed " + UPLOADS + "StoredFile.java is used; the one in katas/ differs (your edit?)");
    }

    @Test
    void aStarterFileNotCommittedYetIsTakenFromKatasAndTheBuildSaysSo() throws IOException {
        write(katas, UPLOADS + "Download.java", "record Download() {}\n");

        var notes = UnchangedStarters.supply(release, solutions, katas, output);

        assertThat(output.resolve(UPLOADS + "Download.java")).hasContent("record Download() {}");
        assertThat(notes).containsExactly("solutions: " + UPLOADS + "Download.java is not committed yet; its copy in katas/ is used");
    }
}
