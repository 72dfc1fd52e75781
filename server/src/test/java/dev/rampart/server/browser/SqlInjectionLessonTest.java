package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole kata in the browser, as the issue asks: sign in with the token, open the
 * sql-injection lesson, watch the exploit leak rows, fix the source cell, run the attacks until
 * all are blocked, and find them still blocked after a reload. Real kernel, real PostgreSQL.
 */
@WithBrowser
class SqlInjectionLessonTest {

    /** "12 of 81 cases done": what is done, then the total (exact, not "of about"). */
    private static final Pattern COUNT = Pattern.compile("^(\\d+)(?: of (about )?(\\d+))? cases done");

    private static final LocatorAssertions.IsVisibleOptions LONG = new LocatorAssertions.IsVisibleOptions().setTimeout(240_000);

    @Test
    void aLearnerCompletesTheKataInTheBrowser(Tabs tabs, RampartServer server) throws IOException {
        var starter = Workspace.read(server, Workspace.SOURCE);
        try {
            var page = tabs.open("/login");
            page.locator("#token").fill(server.tokenValue());
            page.keyboard().press("Enter");
            page.locator("li.kata[data-kata=\"sql-injection\"] a.kata-title").click();
            var lesson = new NotebookPage(page);
            lesson.waitKernel("idle");
            assertThat(lesson.cell("title").locator(".rendered h1")).hasText("11 · SQL injection");
            tabs.screenshot(page, "10-lesson");

            // The exploit, live: the database, then the sign-in that needs no password.
            lesson.run("database");
            lesson.waitRan("database");
            // PostgreSQL starts quietly: one line, not its start-up log in an error box.
            assertThat(lesson.cell("database").locator(".outputs")).hasText(Pattern.compile("^PostgreSQL ready \\(embedded, port \\d+\\)\\s*$"));
            assertThat(lesson.cell("database").locator(".output-stream.stderr, .output-error")).hasCount(0);
            lesson.run("login");
            lesson.waitRan("login");
            var leaked = lesson.cell("login").locator(".output-html table");
            assertThat(leaked.locator("td", new Locator.LocatorOptions().setHasText("admin")).first()).isVisible();
            tabs.screenshot(page, "11-exploit-leaks-rows");

            // The starter: attacks fall, red, each with what the attacker got; honest use works.
            var attacks = lesson.cell("attacks");
            // Every text the progress line shows during the run, as the learner saw it go by.
            page.evaluate("() => { const seen = window.progressSeen = []; const line = document.querySelector("
                    + "'[data-cell-id=\"attacks\"] .progress-text'); new MutationObserver(() => seen.push(line.textContent))"
                    + ".observe(line, { childList: true, characterData: true, subtree: true }); }");
            attacks.locator("button", new Locator.LocatorOptions().setHasText("Run the attacks")).click();
            // The run takes seconds (a compile, then the suite on PostgreSQL): the bar shows while it lasts.
            assertThat(attacks.locator("progress")).isVisible();
            assertThat(attacks.locator(".attack-summary.fail")).isVisible(LONG);
            assertThat(attacks.locator("progress")).isHidden();
            assertThat(attacks.locator(".case.fail .case-message").first()).not().isEmpty();
            // The total was known before the first case ("0 of 81"), and never changed.
            @SuppressWarnings("unchecked")
            var seen = (List<String>) page.evaluate("() => window.progressSeen");
            var counts = seen.stream().map(COUNT::matcher).filter(Matcher::find).toList();
            var totals = counts.stream().filter(m -> m.group(3) != null).toList();
            assertThat(totals).as("the progress line while it ran: %s", seen).isNotEmpty();
            assertThat(totals.get(0).group(1)).as("the first count with a total, of %s", seen).isEqualTo("0");
            var total = totals.get(0).group(3);
            assertThat(counts).as("every count once a case ran, of %s", seen).filteredOn(m -> !m.group(1).equals("0"))
                    .allSatisfy(m -> assertThat(m.group(2)).as("'of about'").isNull())
                    .allSatisfy(m -> assertThat(m.group(3)).isEqualTo(total));
            assertThat(attacks.locator(".case")).hasCount(Integer.parseInt(total));
            // Grouped by family: the ones where an attack fell first and open, with their counts.
            var families = attacks.locator("section.case-group.attack details.family");
            assertThat(families.first()).hasClass(Pattern.compile("\\bfail\\b"));
            assertThat(families.first()).hasAttribute("open", "");
            assertThat(families.first().locator(".family-count")).hasText(Pattern.compile("\\d+ of \\d+ blocked"));
            assertThat(attacks.locator(".case-group", new Locator.LocatorOptions().setHasText("Honest use")).locator(".case.fail")).hasCount(0);
            tabs.screenshot(page, "12-attacks-red");

            // The fix, typed (pasted) into the source cell, which is the workspace file.
            var solution = Files.readString(RampartServer.repository().resolve("solutions/src/main/java/dev/rampart/kata/sqlinjection/UserRepository.java"));
            lesson.cell("source-user-repository").locator(".CodeMirror-code").click();
            lesson.press("Control+A");
            page.keyboard().insertText(solution);
            assertThat(lesson.cell("source-user-repository").locator(".cell-head .chip")).hasText("Saved");
            assertThat(Workspace.read(server, Workspace.SOURCE)).isEqualTo(solution);
            lesson.escape();
            lesson.press("Shift+Enter");
            lesson.waitRan("source-user-repository");
            assertThat(lesson.cell("source-user-repository").locator(".output-error")).hasCount(0);

            attacks.locator("button", new Locator.LocatorOptions().setHasText("Run the attacks")).click();
            assertThat(attacks.locator(".attack-summary.pass")).isVisible(LONG);
            assertThat(attacks.locator(".case.fail")).hasCount(0);
            assertThat(attacks.locator(".case.pass").count()).isGreaterThan(10);
            tabs.screenshot(page, "13-attacks-green");
            lesson.waitSaved();

            page.reload();
            assertThat(lesson.cell("attacks").locator(".attack-summary.pass")).isVisible();
            assertThat(lesson.cell("attacks").locator(".attack-summary")).containsText("All");
            page.navigate("/");
            assertThat(page.locator("li.kata[data-kata=\"sql-injection\"] .kata-progress.done")).containsText("attacks blocked");
            tabs.screenshot(page, "14-lessons-after", true);
        } finally {
            Workspace.write(server, Workspace.SOURCE, starter);
        }
    }
}
