package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The notebook page as a learner uses it: cells, modes, keys, and what it says about saving. */
final class NotebookPage {

    final Page page;

    NotebookPage(Page page) {
        this.page = page;
    }

    /** Opens {@code path} (relative to the workspace) in a new signed-in tab and waits for its cells. */
    static NotebookPage open(Tabs tabs, String path) {
        var notebook = new NotebookPage(tabs.signedIn(href(path)));
        notebook.page.locator(".cell").first().waitFor();
        return notebook;
    }

    static String href(String path) {
        return "/notebook.html?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    Locator cells() {
        return page.locator("#cells > .cell");
    }

    Locator cell(int index) {
        return cells().nth(index);
    }

    /** A cell by its nbformat id. */
    Locator cell(String id) {
        return page.locator("#cells > .cell[data-cell-id=\"" + id + "\"]");
    }

    /** The text of a cell's editor, by the cell's id. */
    String editorText(String id) {
        return (String) cell(id).locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()");
    }

    /** Selects the cell (command mode) and runs it with Shift+Enter, as a learner does. */
    void run(String id) {
        cell(id).locator(".prompt").click();
        press("Shift+Enter");
    }

    /** Waits until the cell has run: its prompt shows a count, not the star. */
    void waitRan(String id) {
        assertThat(cell(id).locator(".prompt")).hasText(java.util.regex.Pattern.compile("In \\[\\d+\\]:"),
                new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(120_000));
    }

    /** Waits for the kernel chip to say {@code state}: a kernel's start (a JVM and JShell) may take minutes on a busy machine. */
    void waitKernel(String state) {
        assertThat(kernelState()).hasAttribute("data-state", state,
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(200_000));
    }

    Locator selected() {
        return page.locator("#cells > .cell.selected");
    }

    /** The text of a cell's editor, as CodeMirror holds it. */
    String editorText(int index) {
        return (String) cell(index).locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()");
    }

    /** Selects the cell with the mouse, then enters edit mode at the end of its text. */
    void edit(int index) {
        cell(index).locator(".prompt").click();
        press("Enter");
        page.keyboard().press("Control+End");
    }

    void type(String text) {
        page.keyboard().type(text);
    }

    void press(String keys) {
        page.keyboard().press(keys);
    }

    /** Command mode, from wherever the focus is. */
    void escape() {
        press("Escape");
    }

    Locator saveState() {
        return page.locator("#save-state");
    }

    void waitSaved() {
        assertThat(saveState()).hasText("Saved");
    }

    Locator kernelState() {
        return page.locator("#kernel-state");
    }

    Locator dialog() {
        return page.locator("dialog[open]");
    }

    void toolbar(String command) {
        page.locator(".toolbar button[data-command=\"" + command + "\"]").click();
    }
}
