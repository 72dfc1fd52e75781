package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An attack run a learner can scan: 36 attacks in three families and one fell. The family where
 * it fell comes first and open, the blocked ones are folded with their count, and a payload far
 * longer than the window wraps instead of widening the page. (The run is the attacks cell's saved
 * output, as a reload shows it; the live run is {@link SqlInjectionLessonTest}'s.)
 */
@WithBrowser
class AttackResultsTest {

    /** A payload with no space to break at, longer than any window. */
    private static final String LONG_PAYLOAD = "' UNION SELECT password FROM users--" + "/**/".repeat(150);

    @Test
    void theFamilyWhereAnAttackFellComesFirstOpenAndTheBlockedOnesAreFolded(Tabs tabs, RampartServer server) {
        var path = Workspace.smallLesson(server, "results");
        var notebook = Workspace.notebook(server, path);
        var attacks = (ObjectNode) notebook.path("cells").get(3);
        attacks.set("outputs", Workspace.json("[{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {"
                + "\"text/plain\": \"35 of 36 attacks blocked.\", \"application/vnd.rampart.attacks+json\": " + run() + "}}]"));
        Workspace.write(server, path, notebook);

        var page = NotebookPage.open(tabs, path).page;
        var families = page.locator("section.case-group.attack details.family");
        assertThat(families).hasCount(3);
        var fell = families.first();
        assertThat(fell).hasClass(Pattern.compile("\\bfail\\b"));
        assertThat(fell).hasAttribute("open", "");
        assertThat(fell.locator("summary")).containsText("UNION SELECT reads the password column");
        assertThat(fell.locator("summary .family-count")).hasText("4 of 5 blocked");
        assertThat(fell.locator(".case").first()).hasClass(Pattern.compile("\\bfail\\b"));
        assertThat(fell.locator(".case.fail .case-name")).hasText(LONG_PAYLOAD);
        assertThat(fell.locator(".case.fail .case-message")).containsText("the attacker read");

        var quotes = page.locator("details.family", new Page.LocatorOptions().setHasText("a quote closes the string"));
        assertThat(quotes).hasClass(Pattern.compile("\\bpass\\b"));
        assertThat(quotes).not().hasAttribute("open", "");
        assertThat(quotes.locator("summary .family-count")).hasText("30 of 30 blocked");
        assertThat(quotes.locator(".case").first()).isHidden();
        assertThat(page.locator("section.case-group.attack h3")).containsText("35 of 36 blocked, in 3 families");
        assertThat(page.locator("section.case-group.honest details.family")).hasCount(1);
        assertThat(page.locator("section.case-group.honest details.family")).not().hasAttribute("open", "");
        assertNoSidewaysScrolling(page);
        tabs.screenshot(page, "15-attack-families", true);

        quotes.locator("summary").click();
        assertThat(quotes.locator(".case")).hasCount(30);
        assertThat(quotes.locator(".case").first()).isVisible();

        page.setViewportSize(420, 800);
        assertNoSidewaysScrolling(page);
        tabs.screenshot(page, "15-attack-families-narrow");
    }

    private static void assertNoSidewaysScrolling(Page page) {
        assertThat(page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
                .as("the page is no wider than the window").isEqualTo(true);
    }

    /** 30 quotes blocked; 5 UNION SELECTs, one fell (the long payload); a single stacked query blocked; 3 honest uses. */
    private static String run() {
        var json = Workspace.json("{\"kata\": \"sql-injection\", \"finished\": true, \"attacks\": 36, \"attacksBlocked\": 35,"
                + " \"honest\": 3, \"honestPassed\": 3, \"finishedAt\": \"2026-11-30T10:00:00Z\", \"exact\": true, \"families\": ["
                + "{\"name\": \"a quote closes the string\", \"kind\": \"attack\", \"cases\": 30},"
                + "{\"name\": \"UNION SELECT reads the password column\", \"kind\": \"attack\", \"cases\": 5},"
                + "{\"name\": \"a stacked query drops the table\", \"kind\": \"attack\", \"cases\": 1},"
                + "{\"name\": \"honest names are found\", \"kind\": \"honest\", \"cases\": 3}], \"cases\": []}");
        var cases = (ArrayNode) json.path("cases");
        for (var i = 0; i < 30; i++) {
            add(cases, "UserRepositoryTest › a quote closes the string › admin' --" + i, "attack", true, "", 0);
        }
        for (var i = 0; i < 4; i++) {
            add(cases, "UserRepositoryTest › UNION SELECT reads the password column › ' UNION SELECT " + i + "--", "attack", true, "", 1);
        }
        add(cases, "UserRepositoryTest › UNION SELECT reads the password column › " + LONG_PAYLOAD, "attack", false,
                "Looking up the username returned a row: the attacker read the admin's password hash", 1);
        add(cases, "UserRepositoryTest › a stacked query drops the table", "attack", true, "", 2);
        for (var i = 0; i < 3; i++) {
            add(cases, "UserRepositoryTest › honest names are found › name " + i, "honest", true, "", 3);
        }
        return json.toString();
    }

    private static void add(ArrayNode cases, String name, String kind, boolean passed, String message, int family) {
        cases.addObject().put("name", name).put("kind", kind).put("passed", passed).put("message", message).put("family", family);
    }
}
