package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

@WithBrowser
class LoginAndLessonsTest {

    @Test
    void withoutTheTokenOnlyTheLoginPageAnswersAndTheTokenOpensTheLessons(Tabs tabs, RampartServer server) {
        var page = tabs.open(NotebookPage.href("notebooks/11-sql-injection.ipynb"));
        assertThat(page).hasURL(server.origin() + "/login");
        assertThat(page.locator("#token")).isFocused();
        tabs.screenshot(page, "01-login");

        page.locator("#token").fill("not-the-token");
        page.locator("button[type=submit]").click();
        assertThat(page.locator("#message")).containsText("not accepted");

        page.locator("#token").fill(server.tokenValue());
        page.keyboard().press("Enter");
        assertThat(page).hasURL(server.origin() + "/");
        assertThat(page.locator("h1")).hasText("Lessons");
        assertThat(page.locator("#status")).containsText("katas");
    }

    @Test
    void lessonsAreGroupedByChecklistAreaWithTheirProgress(Tabs tabs, RampartServer server) {
        var page = tabs.signedIn("/");
        var database = page.locator("section.area", new Page.LocatorOptions().setHas(page.locator("h2", new Page.LocatorOptions().setHasText("Database"))));
        var kata = database.locator("li.kata[data-kata=\"sql-injection\"]");
        assertThat(kata.locator("a.kata-title")).hasAttribute("href", NotebookPage.href("notebooks/11-sql-injection.ipynb"));
        assertThat(kata.locator(".kata-progress")).hasText("not run yet");
        assertThat(page.locator("section.area h2")).containsText(new String[] {"Secrets", "Input validation", "Authentication", "Database"});
        assertThat(page.locator("section.area", new Page.LocatorOptions().setHasText("Secrets")).locator("li.kata[data-kata=\"hardcoded-secrets\"]"))
                .isVisible();

        var saved = Workspace.read(server, Workspace.LESSON);
        try {
            var lesson = Workspace.notebook(server, Workspace.LESSON);
            for (var cell : lesson.path("cells")) {
                if (cell.path("metadata").path("rampart").path("action").asText().equals("attacks")) {
                    ((ObjectNode) cell).set("outputs", Workspace.json("""
                            [{"output_type": "display_data", "metadata": {}, "data": {
                              "text/plain": "All 5 attacks blocked",
                              "application/vnd.rampart.attacks+json": {"attacks": 5, "attacksBlocked": 5, "honest": 2, "honestPassed": 2, "cases": []}}}]
                            """));
                }
            }
            Workspace.write(server, Workspace.LESSON, lesson);
            page.reload();
            assertThat(kata.locator(".kata-progress")).hasText("5 / 5 attacks blocked, 2/2 honest");
            // One kata of the area solved and two never run: the area is not "5 of 5 attacks blocked".
            assertThat(database.locator("h2")).hasText("Database (1 of 3 katas solved, 2 not run yet)");
            tabs.screenshot(page, "02-lessons", true);
            page.setViewportSize(420, 800);
            tabs.screenshot(page, "02-lessons-narrow");
        } finally {
            Workspace.write(server, Workspace.LESSON, saved);
        }
    }

    @Test
    void signingOutEndsTheSession(Tabs tabs, RampartServer server) {
        var page = tabs.signedIn("/");
        // Signing out while the list still reads the lessons' progress would fail those reads (401).
        assertThat(page.locator("#status")).containsText("katas, ");
        page.locator("#logout").click();
        assertThat(page).hasURL(server.origin() + "/login");
        page.navigate("/");
        assertThat(page).hasURL(server.origin() + "/login");
    }
}
