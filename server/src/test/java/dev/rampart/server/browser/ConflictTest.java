package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import java.nio.file.Files;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Two tabs on one notebook: the second save is refused by the server, and the page loses nothing. */
@WithBrowser
class ConflictTest {

    @Test
    void theSecondTabsSaveGetsTheConflictDialogAndKeepingBothLosesNothing(Tabs tabs, RampartServer server) throws IOException {
        tabs.expectConsoleError("status of 409");
        var path = Workspace.smallLesson(server, "two-tabs");
        var first = NotebookPage.open(tabs, path);
        var second = NotebookPage.open(tabs, path);

        first.edit(1);
        first.type(" // from the first tab");
        first.waitSaved();

        second.page.bringToFront();
        second.edit(1);
        second.type(" // from the second tab");
        assertThat(second.dialog()).containsText("This notebook was changed elsewhere");
        assertThat(second.saveState()).hasText("Conflict: choose a version");
        assertThat(Workspace.cells(server, path).get(1)).as("nothing was overwritten").endsWith("// from the first tab");
        tabs.screenshot(second.page, "05-conflict");

        second.dialog().locator("button", new Locator.LocatorOptions().setHasText("Keep both")).click();
        assertThat(second.page.locator("#notice")).containsText("Both versions are kept");
        assertThat(second.saveState()).hasText("Saved");
        assertThat(second.editorText(1)).as("the second tab now shows what is on disk").endsWith("// from the first tab");

        assertThat(Workspace.cells(server, path).get(1)).endsWith("// from the first tab");
        var copies = Workspace.named(server, "notebooks", "two-tabs-my-copy-");
        assertThat(copies).as("the second tab's version, saved beside it").hasSize(1);
        assertThat(Files.readString(copies.get(0))).contains("// from the second tab");
        assertThat(second.page.locator("#notice a")).hasText(copies.get(0).getFileName().toString());
    }

    @Test
    void aStaleSaveOfTheKataSourceKeepsBothVersionsToo(Tabs tabs, RampartServer server) {
        tabs.expectConsoleError("status of 409");
        var original = Workspace.read(server, Workspace.SOURCE);
        try {
            var path = Workspace.smallLesson(server, "source-two-tabs");
            var first = NotebookPage.open(tabs, path);
            var second = NotebookPage.open(tabs, path);
            first.edit(2);
            first.type("\n// first");
            assertThat(first.cell(2).locator(".chip")).hasText("Saved");

            second.page.bringToFront();
            second.edit(2);
            second.type("\n// second");
            assertThat(second.dialog()).containsText("UserRepository.java was changed elsewhere");
            second.dialog().locator("button", new Locator.LocatorOptions().setHasText("Keep both")).click();

            assertThat(second.cell(2).locator(".chip")).hasText("Saved");
            assertThat(second.editorText(2)).isEqualTo(original + "\n// first");
            assertThat(second.editorText(3)).as("the second tab's version, in a new cell below").contains("// second");
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(original + "\n// first");
        } finally {
            Workspace.write(server, Workspace.SOURCE, original);
        }
    }

    @Test
    void overwritingIsAnExplicitChoice(Tabs tabs, RampartServer server) {
        tabs.expectConsoleError("status of 409");
        var path = Workspace.smallLesson(server, "overwrite");
        var first = NotebookPage.open(tabs, path);
        var second = NotebookPage.open(tabs, path);
        first.edit(1);
        first.type(" // first");
        first.waitSaved();
        second.page.bringToFront();
        second.edit(1);
        second.type(" // second");
        second.dialog().locator("button", new Locator.LocatorOptions().setHasText("Overwrite with mine")).click();
        second.waitSaved();
        assertThat(Workspace.cells(server, path).get(1)).endsWith("// second").doesNotContain("// first");
    }
}
