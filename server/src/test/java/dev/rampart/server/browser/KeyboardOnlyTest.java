package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

/** From the login page to an edited, saved notebook without touching the mouse. */
@WithBrowser
class KeyboardOnlyTest {

    /** Presses Tab until the focused element matches {@code selector}; fails after {@code max} presses. */
    private static void tabTo(Page page, String selector, int max) {
        for (var i = 0; i < max; i++) {
            page.keyboard().press("Tab");
            if ((Boolean) page.evaluate("s => document.activeElement.matches(s)", selector)) {
                assertThat(page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle"))
                        .as("the focus on %s is drawn", selector).isEqualTo("solid");
                return;
            }
        }
        throw new AssertionError("Tab never reached " + selector + " in " + max + " presses");
    }

    @Test
    void signInOpenALessonEditAndSaveWithTheKeyboardAlone(Tabs tabs, RampartServer server) {
        var path = Workspace.smallLesson(server, "keyboard");
        var page = tabs.open("/login");
        page.keyboard().type(server.tokenValue());
        page.keyboard().press("Enter");
        assertThat(page.locator("h1")).hasText("Lessons");
        // The list is complete once every lesson's progress is read; tabbing earlier would race it.
        assertThat(page.locator("#status")).containsText("katas, ");

        tabTo(page, "a[href$=\"keyboard.ipynb\"]", 100);
        page.keyboard().press("Enter");
        var notebook = new NotebookPage(page);
        notebook.cells().first().waitFor();

        tabTo(page, "#cells > .cell.selected", 30);
        notebook.press("ArrowDown");
        assertThat(notebook.cell(1)).isFocused();
        notebook.press("Enter");
        notebook.press("Control+End");
        notebook.type(" // typed without a mouse");
        notebook.escape();
        assertThat(notebook.cell(1)).isFocused();
        notebook.press("Control+s");
        notebook.waitSaved();
        assertThat(Workspace.cells(server, path).get(1)).endsWith("// typed without a mouse");

        notebook.press("h");
        assertThat(notebook.dialog()).containsText("Keyboard shortcuts");
        tabs.screenshot(page, "06-keys");
        notebook.press("Escape");
        assertThat(notebook.dialog()).hasCount(0);
        assertThat(notebook.cell(1)).isFocused();
    }
}
