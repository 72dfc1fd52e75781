package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

@WithBrowser
class NotebookEditingTest {

    @Test
    void markdownCodeAndTheKataSourceAreShown(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, Workspace.smallLesson(server, "shown"));

        assertThat(notebook.cell(0).locator(".rendered h1")).hasText("A small lesson");
        assertThat(notebook.cell(0).locator(".rendered details summary")).hasText("Hint 1: where input meets SQL");
        assertThat(notebook.cell(0).locator(".rendered details p")).isHidden();
        assertThat(notebook.cell(0).locator(".rendered table td").first()).hasText("' OR '1'='1");
        assertThat(notebook.cell(0).locator(".rendered pre code .cm-string").first()).hasText("\"alice\"");
        assertThat(notebook.cell(1).locator(".prompt")).hasText("In [ ]:");
        assertThat(notebook.editorText(1)).isEqualTo("var x = 6 * 7;\nx");
        assertThat(notebook.cell(2).locator(".file-name")).hasText("UserRepository.java");
        assertThat(notebook.cell(2).locator(".chip")).hasText("Saved");
        assertThat(notebook.editorText(2)).as("the bound cell holds the kata file itself").isEqualTo(Workspace.read(server, Workspace.SOURCE));
        assertThat(notebook.cell(3).locator("button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Run the attacks")))
                .isVisible();
        notebook.cell(0).locator("summary").click();
        assertThat(notebook.cell(0).locator(".rendered details p")).hasText("Look for strings joined into queries.");
    }

    @Test
    void jupytersCommandAndEditModeKeysEditTheNotebookAndItIsSaved(Tabs tabs, RampartServer server) {
        Workspace.smallLesson(server, "small");
        var path = Workspace.smallLesson(server, "keys");
        var notebook = NotebookPage.open(tabs, path);

        notebook.cell(1).locator(".prompt").click();
        assertThat(notebook.cell(1)).hasClass(java.util.regex.Pattern.compile("\\bselected\\b"));
        assertThat(notebook.cell(1)).isFocused();
        notebook.press("b");
        assertThat(notebook.cells()).hasCount(5);
        assertThat(notebook.cell(2)).isFocused();
        notebook.press("Enter");
        assertThat(notebook.cell(2)).hasClass(java.util.regex.Pattern.compile("\\bediting\\b"));
        notebook.type("## Notes");
        notebook.escape();
        assertThat(notebook.cell(2)).isFocused();
        notebook.press("m");
        notebook.press("Shift+Enter");
        assertThat(notebook.cell(2).locator(".rendered h2")).hasText("Notes");
        assertThat(notebook.cell(3)).isFocused();

        notebook.press("ArrowUp");
        assertThat(notebook.cell(2)).isFocused();
        notebook.press("a");
        notebook.press("Enter");
        notebook.type("String doomed = \"soon gone\";");
        notebook.escape();
        notebook.press("d");
        notebook.press("d");
        assertThat(notebook.cells()).hasCount(5);
        assertThat(notebook.page.locator("#cells")).not().containsText("soon gone");
        notebook.press("z");
        assertThat(notebook.page.locator("#cells")).containsText("soon gone");
        notebook.press("d");
        notebook.press("d");

        notebook.press("ArrowDown");
        notebook.press("ArrowUp");
        assertThat(notebook.cell(2).locator(".rendered h2")).hasText("Notes");
        notebook.toolbar("move-up");
        assertThat(notebook.cell(1).locator(".rendered h2")).hasText("Notes");
        notebook.cell(1).focus();
        notebook.press("y");
        notebook.press("m");
        notebook.waitSaved();

        assertThat(Workspace.cells(server, path)).containsExactly(
                "markdown: " + Workspace.text(Workspace.notebook(server, "notebooks/small.ipynb").path("cells").get(0).path("source")),
                "markdown: ## Notes",
                "code: var x = 6 * 7;\nx",
                "code: ",
                "code: ");
    }

    @Test
    void theFocusIsAlwaysVisible(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, Workspace.smallLesson(server, "focus"));
        notebook.page.locator("a.skip").focus();
        notebook.press("Tab");
        var outline = notebook.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle");
        assertThat(outline).as("the outline of the first control after the skip link").isEqualTo("solid");
        notebook.cell(1).locator(".prompt").click();
        notebook.press("ArrowDown");
        assertThat(notebook.cell(2)).isFocused();
        assertThat(notebook.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");
        tabs.screenshot(notebook.page, "04-command-mode-focus");
    }

    @Test
    void aNarrowWindowNeedsNoSidewaysScrollingAndCellsStillRun(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, Workspace.smallLesson(server, "narrow"));
        notebook.page.setViewportSize(420, 800);
        assertThat(notebook.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as("the page fits 420 px across").isEqualTo(true);
        assertThat(notebook.page.locator(".toolbar button[data-command=\"run\"]")).isInViewport();
        notebook.waitKernel("idle");
        notebook.run("exploit");
        notebook.waitRan("exploit");
        assertThat(notebook.cell(1).locator(".output-text")).hasText("42");
        tabs.screenshot(notebook.page, "08-notebook-narrow", true);
    }

    @Test
    void theKataSourceIsEditedInPlaceAndSavedToItsFile(Tabs tabs, RampartServer server) {
        var original = Workspace.read(server, Workspace.SOURCE);
        try {
            var path = Workspace.smallLesson(server, "in-place");
            var notebook = NotebookPage.open(tabs, path);
            notebook.edit(2);
            notebook.type("\n// fixed in the browser");
            assertThat(notebook.cell(2).locator(".chip")).hasText("Saved");
            notebook.waitSaved();
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(original + "\n// fixed in the browser");
            assertThat(Workspace.notebook(server, path).path("cells").get(2).path("source").toString())
                    .as("the notebook keeps no copy of the file").isIn("\"\"", "[]");
        } finally {
            Workspace.write(server, Workspace.SOURCE, original);
        }
    }

    @Test
    void resettingTheKataAsksFirstAndCanBeUndone(Tabs tabs, RampartServer server) {
        var original = Workspace.read(server, Workspace.SOURCE);
        try {
            var notebook = NotebookPage.open(tabs, Workspace.smallLesson(server, "reset"));
            notebook.edit(2);
            notebook.type("\n// my attempt");
            assertThat(notebook.cell(2).locator(".chip")).hasText("Saved");
            var mine = original + "\n// my attempt";
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(mine);
            notebook.escape();

            var reset = notebook.cell(3).locator("button", new Locator.LocatorOptions().setHasText("Reset kata"));
            reset.click();
            assertThat(notebook.dialog()).containsText("Reset the kata to its starter?");
            assertThat(notebook.dialog()).containsText("Your UserRepository.java goes back to the starter code");
            // A destructive choice is never the default: Enter here would cancel.
            assertThat(notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Cancel"))).isFocused();
            tabs.screenshot(notebook.page, "07-reset-asks");
            notebook.press("Escape");
            assertThat(notebook.dialog()).hasCount(0);
            assertThat(Workspace.read(server, Workspace.SOURCE)).as("cancelled: nothing reset").isEqualTo(mine);

            reset.click();
            notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Reset kata")).click();
            var starter = Workspace.read(RampartServer.repository(), "katas/" + Workspace.SOURCE);
            assertThat(notebook.cell(2).locator(".CodeMirror")).not().containsText("// my attempt");
            assertThat(notebook.editorText(2)).isEqualTo(starter);
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(starter);

            notebook.cell(3).locator("button", new Locator.LocatorOptions().setHasText("Undo reset")).click();
            assertThat(notebook.cell(2).locator(".CodeMirror")).containsText("// my attempt");
            assertThat(notebook.editorText(2)).isEqualTo(mine);
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(mine);
        } finally {
            Workspace.write(server, Workspace.SOURCE, original);
        }
    }

    @Test
    void revertingToTheCheckpointUndoesTheChangesSinceIt(Tabs tabs, RampartServer server) {
        var path = Workspace.smallLesson(server, "revert");
        var notebook = NotebookPage.open(tabs, path);
        notebook.edit(1);
        notebook.type(" // changed");
        notebook.escape();
        notebook.waitSaved();
        assertThat(Workspace.cells(server, path).get(1)).endsWith("// changed");

        notebook.toolbar("revert");
        assertThat(notebook.dialog()).containsText("Revert to the checkpoint?");
        notebook.dialog().locator("button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Revert")).click();
        assertThat(notebook.cell(1).locator(".CodeMirror")).not().containsText("// changed");
        assertThat(notebook.editorText(1)).isEqualTo("var x = 6 * 7;\nx");
        assertThat(Workspace.cells(server, path).get(1)).isEqualTo("code: var x = 6 * 7;\nx");
    }
}
