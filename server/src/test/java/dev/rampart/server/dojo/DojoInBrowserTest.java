package dev.rampart.server.dojo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.rampart.kata.support.Chromium;
import dev.rampart.server.browser.BrowserTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dojo in real Chromium: the facilitator creates two participants on the board, each opens
 * their own link in their own browser and solves the kata, the board (never reloaded) shows
 * both live; one participant cannot reach the other's work or the board; the facilitator removes
 * one, whose session then ends. The kernels and the
 * attack run are stand-ins ({@link DojoFixture}): what is tested is the room, not the kata.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DojoInBrowserTest {

    /** Writes the kata's file and runs the attacks from the page, as the notebook's scripts do (cookie + CSRF header). */
    private static final String SOLVE = """
            async (fix) => {
              const csrf = document.cookie.split('; ').find((c) => c.startsWith('rampart-csrf-' + location.port + '=')).split('=')[1];
              const url = '/api/katas/demo-kata/files/Greeter.java';
              const file = await (await fetch(url)).json();
              const saved = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf,
                'If-Match': '"' + file.version + '"' }, body: JSON.stringify({ content: fix }) });
              const run = await fetch('/api/katas/demo-kata/attacks', { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
              return [String(saved.status), String(run.status), await run.text()];
            }
            """;

    @TempDir
    Path sandbox;
    Chromium chromium;
    DojoFixture server;
    final List<String> problems = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        chromium = BrowserTests.chromium();
    }

    @AfterAll
    void stop() {
        chromium.close();
    }

    private BrowserContext browser() {
        return browser(1280, 800);
    }

    private BrowserContext browser(int width, int height) {
        var context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(width, height).setBaseURL(server.origin()));
        context.exposeBinding("rampartCspViolation", (source, args) -> {
            problems.add("CSP violation on " + source.page().url() + ": " + args[0]);
            return null;
        });
        context.addInitScript("document.addEventListener('securitypolicyviolation', function (e) {"
                + " window.rampartCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')); });");
        return context;
    }

    private Page watched(BrowserContext context) {
        var page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add("console error on " + page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add("uncaught exception on " + page.url() + ": " + error));
        return page;
    }

    @Test
    void twoParticipantsSolveAKataAndTheBoardShowsItLiveWhileNeitherReachesTheOther() throws Exception {
        server = new DojoFixture(sandbox, 8);
        try (var facilitatorBrowser = browser(); var adaBrowser = browser(); var graceBrowser = browser()) {
            var board = watched(facilitatorBrowser);
            board.navigate(server.dojo.facilitatorPath());
            assertThat(board).hasURL(server.origin() + "/dojo/board.html");
            assertThat(board.locator("#room-state")).hasText("Open");
            for (var name : new String[] {"Ada", "Grace"}) {
                board.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
                board.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create link")).click();
                assertThat(board.locator("#message")).hasText("Link created for " + name);
            }
            var adaLink = board.getByLabel("Link for Ada").inputValue();
            var graceLink = board.getByLabel("Link for Grace").inputValue();
            assertThat(adaLink).isNotEqualTo(graceLink).startsWith(server.origin() + "/?token=");

            var ada = watched(adaBrowser);
            ada.navigate(adaLink);
            assertThat(ada).hasURL(server.origin() + "/");
            var grace = watched(graceBrowser);
            grace.navigate(graceLink);
            assertThat(grace).hasURL(server.origin() + "/");
            assertThat(ada.url()).doesNotContain("token");

            var adaRun = (List<?>) ada.evaluate(SOLVE, "// Ada's fix\n");
            assertThat(adaRun.stream().limit(2).map(String::valueOf).toList()).containsExactly("200", "200");
            var adaCell = board.locator("tr[data-participant=p1] td[data-kata=demo-kata]");
            assertThat(adaCell).hasAttribute("data-solved", "true");
            assertThat(adaCell.locator(".score")).hasText("3/3");

            var graceRun = (List<?>) grace.evaluate(SOLVE, "// Grace's fix\n");
            assertThat(graceRun.stream().limit(2).map(String::valueOf).toList()).containsExactly("200", "200");
            assertThat(board.locator("tr[data-participant=p2] td[data-kata=demo-kata]")).hasAttribute("data-solved", "true");
            assertThat(board.locator("#chart")).isVisible();
            Files.createDirectories(Path.of("target/screenshots"));
            board.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dojo-board.png")).setFullPage(true));

            // Grace's attempts at what is not hers happen in a tab of her browser that is not watched: their refusals log errors on purpose.
            var probe = graceBrowser.newPage();
            probe.navigate("/");
            var gracesFile = probe.evaluate("async () => (await (await fetch('/api/katas/demo-kata/files/Greeter.java')).json()).content");
            assertThat(gracesFile).as("Grace reads her own fix, not Ada's").isEqualTo("// Grace's fix\n");
            var climb = probe.evaluate("async () => String((await fetch('/api/contents/..%2Fp1%2Fnotebooks%2F99-demo-kata.ipynb')).status)");
            assertThat(climb).as("Grace climbing into Ada's folder").isIn("400", "403", "404");
            var toBoard = probe.navigate("/dojo/board.html");
            assertThat(toBoard.status()).as("Grace opening the board").isEqualTo(403);
            var boardJson = probe.evaluate("async () => String((await fetch('/api/dojo/board')).status)");
            assertThat(boardJson).isEqualTo("403");
            assertThat(Files.readString(server.dojo.room().workspaceOf("p1").resolve(DojoFixture.KATA_FOLDER).resolve("Greeter.java")))
                    .isEqualTo("// Ada's fix\n");

            assertThat(problems).as("console errors, uncaught exceptions, CSP violations (the board and its chart run under the strict CSP)")
                    .isEmpty();

            // Last, as Grace's own page is refused from here on: the facilitator removes her from the board.
            board.onceDialog(dialog -> dialog.accept());
            board.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove Grace")).click();
            assertThat(board.locator("#message")).hasText("Grace was removed");
            assertThat(board.locator("tr[data-participant=p2]")).hasCount(0);
            assertThat(board.locator("tr[data-participant=p1]")).hasCount(1);
            var afterwards = probe.evaluate("async () => String((await fetch('/api/katas/demo-kata/files/Greeter.java')).status)");
            assertThat(afterwards).as("Grace's session after her removal").isEqualTo("401");
        } finally {
            server.close();
        }
    }

    /** The board of a full room on a laptop and on a projector: every kata's column, each cell's Reset, the caption, in view. */
    @Test
    void theBoardFitsTheScreenWithEveryKataAndAStickyHeader() throws Exception {
        var release = dev.rampart.server.notebook.ReleasedKatas.bundled();
        server = new DojoFixture(sandbox, 8, 8, release);
        try (var facilitatorBrowser = browser(1440, 900)) {
            var room = server.dojo.room();
            var names = List.of("Ada Lovelace", "Grace Hopper", "Margaret Hamilton", "Katherine Johnson", "Barbara Liskov",
                    "Frances Allen", "Radia Perlman", "Shafi Goldwasser", "Hedy Lamarr", "Joan Clarke", "Karen Spärck Jones",
                    "Annie Easley", "Evelyn Boyd Granville", "Mary Kenneth Keller");
            var katas = release.katas();
            for (var i = 0; i < names.size(); i++) {
                var id = room.add(names.get(i)).id();
                for (var k = 0; k < katas.size(); k++) {
                    var attacks = k == 0 ? 131 : 38; // the widest score a cell must hold: 131/131
                    room.record(id, katas.get(k).id(), (i + k) % 3 == 0 ? attacks : (i * k) % attacks, attacks, 4, 4);
                }
            }
            var board = watched(facilitatorBrowser);
            board.navigate(server.dojo.facilitatorPath());
            var cells = board.locator("#board td.result");
            assertThat(cells).hasCount(names.size() * katas.size());
            assertThat(board.locator("#board thead th.kata-column")).hasCount(katas.size());
            Files.createDirectories(Path.of("target/screenshots"));
            board.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dojo-board-1440.png")));

            fitsTheWidth(board, 1440);
            assertThat(fontSize(board.locator("#board td.result .score").first())).as("a score's type on a laptop, in px")
                    .isGreaterThanOrEqualTo(16);

            // Scrolled down to the last participants, the katas' names stay on top.
            board.locator("#board tbody tr").last().scrollIntoViewIfNeeded();
            var header = board.locator("#board thead th.kata-column").last().boundingBox();
            assertThat(header.y).as("the header row, scrolled").isBetween(-1.0, 1.0);
            assertThat(board.locator("#board tbody tr").first().boundingBox().y).as("the first row went under it").isNegative();
            board.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dojo-board-1440-scrolled.png")));

            // A 1080p projector: the same, in bigger type.
            board.setViewportSize(1920, 1080);
            board.evaluate("() => window.scrollTo(0, 0)");
            fitsTheWidth(board, 1920);
            assertThat(fontSize(board.locator("#board td.result .score").first())).as("a score's type on a projector, in px")
                    .isGreaterThanOrEqualTo(19);
            board.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/dojo-board-1920.png")));
            assertThat(problems).as("console errors, uncaught exceptions, CSP violations").isEmpty();
        } finally {
            server.close();
        }
    }

    private static double fontSize(com.microsoft.playwright.Locator element) {
        return ((Number) element.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")).doubleValue();
    }

    /** Nothing wider than the window; the caption, every kata's header and every Reset whole and inside their boxes. */
    private static void fitsTheWidth(Page board, int width) {
        assertThat(((Number) board.evaluate("() => document.documentElement.scrollWidth")).intValue()).as("the page's width")
                .isLessThanOrEqualTo(width);
        var caption = board.locator("#board caption");
        assertThat((Boolean) caption.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= innerWidth"))
                .as("the caption, unclipped").isTrue();
        var clipped = board.evaluate("""
                () => [...document.querySelectorAll('#board thead th, #board td.result button')].filter((e) => {
                  const box = e.getBoundingClientRect();
                  const cell = (e.closest('td') || e).getBoundingClientRect();
                  return box.right > innerWidth || box.left < 0 || box.right > cell.right + 0.5 || box.left < cell.left - 0.5
                    || e.scrollWidth > e.clientWidth + 1;
                }).map((e) => e.getAttribute('aria-label') || e.textContent)
                """);
        assertThat((List<?>) clipped).as("headers and Reset buttons clipped or outside the window").isEmpty();
    }

    @Test
    void atTheLimitTheCandidatesNotebookFreezesWholeAndNothingRetries() throws Exception {
        server = new DojoFixture(sandbox, DojoFixture.KATA, java.time.Duration.ofMinutes(2));
        try (var candidateBrowser = browser()) {
            var candidate = watched(candidateBrowser);
            candidate.clock().install(); // the page's timers, run forward at the end to see that nothing retries
            candidate.navigate(server.interview.candidateLink());
            candidate.navigate("/notebook.html?path=notebooks%2F99-demo-kata.ipynb");
            assertThat(candidate.locator("#kernel-state")).hasAttribute("data-state", "idle");
            var greet = candidate.locator("#cells > .cell[data-cell-id=greet]");
            greet.locator(".prompt").click();
            candidate.keyboard().press("Shift+Enter");
            assertThat(greet.locator(".prompt")).hasText("In [1]:");
            assertThat(greet.locator(".outputs")).containsText("ran: new Greeter()");
            var greeter = candidate.locator("#cells > .cell[data-cell-id=source-greeter]");
            greeter.locator(".CodeMirror").evaluate("e => e.CodeMirror.setValue('// slow fix\\n')");
            assertThat(greeter.locator(".cell-head .chip")).hasText("Saved");
            var attacks = candidate.locator("#cells > .cell[data-cell-id=attacks]");
            attacks.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Run the attacks")).click();
            assertThat(attacks.locator(".attack-results")).containsText("attack 1");

            // 3:22 in, the run still going: the candidate presses Shift+Enter before the page has heard of the end.
            server.clock.advance(java.time.Duration.ofSeconds(202));
            greet.locator(".prompt").click();
            candidate.keyboard().press("Shift+Enter");

            assertThat(candidate.locator("#notice-text"))
                    .hasText("Time is up: your work is kept as it is, read-only. You can still read and copy everything.");
            assertThat(greet.locator(".prompt")).hasText("In [1]:");
            assertThat(greet.locator(".outputs")).hasText("ran: new Greeter().greet(\"Ada\")");
            assertThat(attacks.locator(".output-error")).hasText("Time is up: the run was stopped at the limit");
            assertThat(attacks.locator(".case")).hasCount(1);
            assertThat(attacks.locator(".attack-summary")).hasText("Stopped before the end: 1 of 1 attacks blocked so far.");
            assertThat(candidate.locator("#save-state")).hasText("Read-only");
            assertThat(candidate.locator("#time-left")).hasText("Time is up");
            assertThat(candidate.locator(".toolbar button[data-command=run]")).isDisabled();
            assertThat(attacks.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Run the attacks"))).isDisabled();
            Files.createDirectories(Path.of("target/screenshots"));
            candidate.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/interview-frozen.png")));

            greeter.locator(".CodeMirror-code").click();
            candidate.keyboard().type("more");
            candidate.keyboard().press("Shift+Enter");
            assertThat(greeter.locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()")).as("a read-only editor").isEqualTo("// slow fix\n");
            assertThat(greet.locator(".prompt")).hasText("In [1]:");

            var requests = new CopyOnWriteArrayList<String>();
            candidate.onRequest(request -> requests.add(request.method() + " " + request.url()));
            candidate.clock().runFor(60_000);
            candidate.evaluate("async () => (await fetch('/api/interview/status')).status");
            assertThat(requests).as("what the frozen page asked in a minute").containsExactly("GET " + server.origin() + "/api/interview/status");
            assertThat(server.kernels.ownerOf).as("the candidate's kernels stopped").isEmpty();
            assertThat(problems).as("console errors (a 423 logs one), uncaught exceptions, CSP violations").isEmpty();
        } finally {
            server.close();
        }
    }

    /**
     * The other order of the race above, made certain: the run's request is held until the page
     * has frozen, then let through, so the run ends (refused) after the freeze. Its button must
     * stay disabled like every other control.
     */
    @Test
    void aRunThatEndsAfterTheFreezeLeavesItsButtonDisabled() throws Exception {
        server = new DojoFixture(sandbox, DojoFixture.KATA, java.time.Duration.ofMinutes(2));
        try (var candidateBrowser = browser()) {
            var candidate = watched(candidateBrowser);
            candidate.clock().install();
            candidate.navigate(server.interview.candidateLink());
            candidate.navigate("/notebook.html?path=notebooks%2F99-demo-kata.ipynb");
            assertThat(candidate.locator("#kernel-state")).hasAttribute("data-state", "idle");
            var held = new CopyOnWriteArrayList<com.microsoft.playwright.Route>();
            candidate.route("**/api/katas/*/attacks", held::add);
            var attacks = candidate.locator("#cells > .cell[data-cell-id=attacks]");
            var runButton = attacks.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Run the attacks"));
            runButton.click();
            candidate.waitForCondition(() -> !held.isEmpty());
            assertThat(runButton).isDisabled();

            server.clock.advance(java.time.Duration.ofMinutes(3));
            candidate.clock().runFor(6_000); // the page's next look at the time left
            assertThat(candidate.locator("#notice-text"))
                    .hasText("Time is up: your work is kept as it is, read-only. You can still read and copy everything.");
            held.get(0).resume();

            assertThat(attacks.locator(".attack-summary")).hasText("The attacks did not run.");
            assertThat(attacks.locator(".output-error")).hasText("Time is up: your work is kept as it is, read-only");
            assertThat(runButton).isDisabled();
            assertThat(candidate.locator(".toolbar button[data-command=run]")).isDisabled();
            // The browser logs the refusal itself; nothing else may go wrong.
            assertThat(problems).as("console errors, uncaught exceptions, CSP violations")
                    .singleElement().asString().endsWith("the server responded with a status of 423 (Locked)");
            problems.clear();
        } finally {
            server.close();
        }
    }

    @Test
    void anInterviewRunsToItsLimitFreezesAndTheReportShowsTheTimelineAndTheDiff() throws Exception {
        server = new DojoFixture(sandbox, DojoFixture.KATA, java.time.Duration.ofMinutes(30));
        try (var candidateBrowser = browser(); var interviewerBrowser = browser()) {
            var candidate = watched(candidateBrowser);
            candidate.navigate(server.interview.candidateLink());
            assertThat(candidate).hasURL(server.origin() + "/");
            assertThat(candidate.locator("#time-left")).hasText("Time left: 30:00");

            server.clock.advance(java.time.Duration.ofMinutes(10));
            var run = (List<?>) candidate.evaluate(SOLVE, "// fixed\n");
            assertThat(run.stream().limit(2).map(String::valueOf).toList()).containsExactly("200", "200");
            server.clock.advance(java.time.Duration.ofMinutes(20));
            candidate.reload();
            assertThat(candidate.locator("#time-left")).hasText("Time is up: your work is frozen, read-only");
            // Refused on purpose, so in a tab that is not watched for console errors.
            var probe = candidateBrowser.newPage();
            probe.navigate("/");
            var late = (List<?>) probe.evaluate(SOLVE, "// later\n");
            assertThat(late.stream().limit(2).map(String::valueOf).toList()).as("a save and a run after the limit").containsExactly("423", "423");

            var report = watched(interviewerBrowser);
            report.navigate(server.interview.interviewerPath());
            assertThat(report).hasURL(server.origin() + "/interview/report.html");
            assertThat(report.locator("#time-state")).hasText("Frozen");
            assertThat(report.locator("#summary")).containsText("Time used 30:00 of 30:00");
            assertThat(report.locator("#timeline tbody tr")).hasCount(3);
            assertThat(report.locator("#timeline tbody tr").first()).containsText("10:00 in");
            assertThat(report.locator("#diff")).containsText("+// fixed");
            Files.createDirectories(Path.of("target/screenshots"));
            report.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/interview-report.png")).setFullPage(true));

            assertThat(problems).as("console errors, uncaught exceptions, CSP violations").isEmpty();
        } finally {
            server.close();
        }
    }
}
