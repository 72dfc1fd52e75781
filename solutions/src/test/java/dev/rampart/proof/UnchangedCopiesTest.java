package dev.rampart.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Catalogue;
import dev.rampart.pristine.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof refuses a solution file that copies its released starter file, and only that. */
class UnchangedCopiesTest {

    private static final String PACKAGE = "dev/rampart/kata/fileuploads/";

    @TempDir
    Path root;

    private void write(String path, String content) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), content);
    }

    @Test
    void aSolutionFileEqualToItsStarterIsRefusedAndAChangedOneIsNot() throws IOException {
        write("katas/README.md", "| # | id | title |\n|---|---|---|\n| 5 | `file-uploads` | Accept uploads |\n");
        write("katas/src/main/java/" + PACKAGE + "UploadService.java", "class UploadService { /* starter */ }\n");
        write("katas/src/main/java/" + PACKAGE + "StoredFile.java", "record StoredFile() {}\n");
        var release = Snapshot.take(root.resolve("katas"), root.resolve("release"));
        write("solutions/src/main/java/" + PACKAGE + "UploadService.java", "class UploadService { /* fixed */ }\n");
        write("solutions/src/main/java/" + PACKAGE + "StoredFile.java", "record StoredFile() {}\n");
        var catalogue = Catalogue.read(root.resolve("katas/README.md"));

        var violations = UnchangedCopies.check(catalogue, root, release);

        assertThat(violations).extracting(Violation::toString).containsExactly("file-uploads › solutions/src/main/java/" + PACKAGE
                + "StoredFile.java: is the committed starter file unchanged: delete it (the build supplies the starter files a fix does"
                + " not change; solutions/drop-unchanged-starters.sh removes every such copy)");

        Files.delete(root.resolve("solutions/src/main/java/" + PACKAGE + "StoredFile.java"));
        assertThat(UnchangedCopies.check(catalogue, root, release)).isEmpty();
    }
}
