package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import dev.rampart.server.notebook.ReleasedKatas;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * "Reset lesson…" brings a kata's lesson back as released (its cells as shipped, no outputs),
 * after asking; the learner's version, outputs included, becomes the checkpoint, and "Undo"
 * brings it back. It is offered on a kata's own lesson only.
 */
@WithBrowser
class LessonResetTest {

    private static final String LESSON = "notebooks/06-path-traversal.ipynb";

    @Test
    void aLessonGoesBackAsReleasedAndTheLearnersVersionComesBackWithUndo(Tabs tabs, RampartServer server) {
        var release = ReleasedKatas.bundled();
        var released = new String(release.lesson(release.find("path-traversal").orElseThrow()).orElseThrow(), StandardCharsets.UTF_8);
        try {
            var notebook = NotebookPage.open(tabs, LESSON);
            notebook.waitKernel("idle");
            notebook.run("build-site");
            notebook.waitRan("build-site");
            notebook.cell("build-site").locator(".CodeMirror-code").click();
            notebook.page.keyboard().press("Control+End");
            notebook.type("\n// my note");
            notebook.escape();
            notebook.waitSaved();
            var mine = Workspace.read(server, LESSON);
            assertThat(mine).contains("// my note").contains("\"execution_count\": 1");

            notebook.toolbar("reset-lesson");
            assertThat(notebook.dialog()).containsText("Reset the lesson?");
            assertThat(notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Cancel"))).isFocused();
            notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Reset lesson")).click();

            assertThat(notebook.page.locator("#notice-text")).containsText("The lesson is back as released");
            assertThat(notebook.cell("build-site").locator(".prompt")).hasText("In [ ]:");
            assertThat(notebook.cell("build-site").locator(".outputs > *")).hasCount(0);
            assertThat(notebook.cell("build-site").locator(".CodeMirror")).not().containsText("// my note");
            assertThat(Workspace.read(server, LESSON)).as("the lesson on disk, as released").isEqualTo(released);
            tabs.screenshot(notebook.page, "15-lesson-reset");

            notebook.page.locator("#notice").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Undo")).click();
            assertThat(notebook.cell("build-site").locator(".prompt")).hasText(Pattern.compile("In \\[1\\]:"));
            assertThat(notebook.cell("build-site").locator(".CodeMirror")).containsText("// my note");
            assertThat(Workspace.read(server, LESSON)).as("the learner's version back, outputs and all").isEqualTo(mine);
        } finally {
            Workspace.write(server, LESSON, released);
        }
    }

    @Test
    void itIsOfferedOnAKatasOwnLessonOnly(Tabs tabs, RampartServer server) {
        var other = NotebookPage.open(tabs, Workspace.smallLesson(server, "not-a-lesson"));
        assertThat(other.page.locator(".toolbar button[data-command=reset-lesson]")).isHidden();
        var lesson = NotebookPage.open(tabs, LESSON);
        assertThat(lesson.page.locator(".toolbar button[data-command=reset-lesson]")).isVisible();
    }
}
