package dev.rampart.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.rampart.kata.support.Chromium;
import dev.rampart.server.browser.BrowserTests;
import dev.rampart.server.notebook.ReleasedKatas;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A facilitator rehearses in their checkout (solves path-traversal in the browser, runs a cell
 * and the attacks: "38 / 38 attacks blocked" in their lesson list), then starts a dojo and an
 * interview from that same checkout, wired as {@code Main} wires them, with real kernels. The
 * participant and the candidate must get the kata as released: the starter, lessons without
 * outputs, no progress.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RehearsedCheckoutTest {

    private static final String KATA = "path-traversal";
    private static final String LESSON = "notebooks/06-path-traversal.ipynb";
    private static final String STARTER = "src/main/java/dev/rampart/kata/pathtraversal/FileServer.java";
    private static final LocatorAssertions.IsVisibleOptions A_RUN = new LocatorAssertions.IsVisibleOptions().setTimeout(300_000);

    @TempDir
    Path checkout;
    @TempDir
    Path rooms;
    Chromium chromium;
    ServerParts parts;
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Runnable> stops = new ArrayList<>();

    @BeforeAll
    void start() {
        chromium = BrowserTests.chromium();
        // Kernels answer slowly on a machine busy with other builds; an assertion that holds passes at once anyway.
        PlaywrightAssertions.setDefaultAssertionTimeout(60_000);
    }

    @AfterAll
    void stop() {
        stops.forEach(Runnable::run);
        if (parts != null) {
            parts.close();
        }
        chromium.close();
    }

    @Test
    void aParticipantAndACandidateStartFromTheReleasedKataWhateverTheCheckoutHolds() throws Exception {
        var repository = Path.of(System.getProperty("rampart.repository", "..")).toAbsolutePath().normalize();
        copy(repository.resolve("katas"), checkout.resolve("katas"));
        var solution = Files.readString(repository.resolve("solutions/src/main/java/dev/rampart/kata/pathtraversal/FileServer.java"));
        var release = ReleasedKatas.bundled();
        var kata = release.find(KATA).orElseThrow();
        var starter = new String(release.pristine(kata, "FileServer.java"), StandardCharsets.UTF_8);
        assertThat(solution).as("control: the rehearsal changes the starter").isNotEqualTo(starter);
        parts = ServerParts.start(options("--port", "0"), false);

        rehearse(solution);
        assertThat(checkout.resolve("katas").resolve(STARTER)).as("control: the checkout holds the solved kata").hasContent(solution);
        assertThat(Files.readString(checkout.resolve("katas").resolve(LESSON))).as("control: and the lesson its outputs")
                .contains("application/vnd.rampart.attacks+json");

        // The dojo, from the same checkout: a participant joins.
        var dojo = listen(DojoServer.launch(options("--port", "0", "--dojo", rooms.resolve("dojo").toString()), parts));
        var board = page(dojo.origin());
        board.navigate(dojo.link(0));
        board.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Ada");
        board.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create link")).click();
        var participant = page(dojo.origin());
        participant.navigate(board.getByLabel("Link for Ada").inputValue());
        seesTheReleasedKata(participant, starter, "the dojo participant");

        // The interview, from the same checkout: the candidate opens their link.
        var interview = listen(InterviewServer.launch(options("--port", "0", "--interview", KATA), parts));
        stops.add(() -> delete(interview.workspace().getParent()));
        var candidate = page(interview.origin());
        candidate.navigate(interview.link(1));
        seesTheReleasedKata(candidate, starter, "the interview candidate");
        assertThat(Files.readString(interview.workspace().resolve(STARTER))).isEqualTo(starter);

        assertThat(problems).as("console errors, uncaught exceptions, CSP violations").isEmpty();
    }

    /** The facilitator's rehearsal in the learner's server over the checkout: a cell run, the kata solved, the attacks run. */
    private void rehearse(String solution) {
        var learner = listen(LearnerServer.launch(options("--port", "0"), parts));
        var page = page(learner.origin());
        page.navigate(learner.link(0));
        page.navigate("/notebook.html?path=" + URLEncoder.encode(LESSON, StandardCharsets.UTF_8));
        assertThat(page.locator("#kernel-state")).hasAttribute("data-state", "idle",
                new LocatorAssertions.HasAttributeOptions().setTimeout(300_000));
        var cell = page.locator("#cells > .cell[data-cell-id=\"build-site\"]");
        cell.locator(".prompt").click();
        page.keyboard().press("Shift+Enter");
        assertThat(cell.locator(".prompt")).hasText(Pattern.compile("In \\[\\d+\\]:"),
                new LocatorAssertions.HasTextOptions().setTimeout(300_000));

        var source = page.locator("#cells > .cell[data-cell-id=\"source-file-server\"]");
        source.locator(".CodeMirror").evaluate("(e, text) => e.CodeMirror.setValue(text)", solution);
        assertThat(source.locator(".cell-head .chip")).hasText("Saved");
        var attacks = page.locator("#cells > .cell[data-cell-id=\"attacks\"]");
        attacks.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Run the attacks")).click();
        assertThat(attacks.locator(".attack-summary.pass")).isVisible(A_RUN);
        assertThat(page.locator("#save-state")).hasText("Saved");

        page.navigate("/");
        assertThat(page.locator("li.kata[data-kata=\"" + KATA + "\"] .kata-progress.done")).containsText("attacks blocked");
        learner.stop();
    }

    private void seesTheReleasedKata(Page page, String starter, String who) {
        assertThat(page.locator("#status")).hasText(Pattern.compile("\\d+ katas, 0 with every attack blocked\\."));
        assertThat(page.locator("li.kata[data-kata=\"" + KATA + "\"] .kata-progress")).hasText("not run yet");

        page.locator("li.kata[data-kata=\"" + KATA + "\"] a.kata-title").click();
        var source = page.locator("#cells > .cell[data-cell-id=\"source-file-server\"]");
        assertThat(source.locator(".cell-head .chip")).hasText("Saved");
        assertThat(source.locator(".CodeMirror").evaluate("e => e.CodeMirror.getValue()")).as("%s's FileServer.java", who).isEqualTo(starter);
        assertThat(page.locator("#cells > .cell.code:not(.source) .outputs > *")).hasCount(0);
        assertThat(page.locator("#cells > .cell.code .prompt").first()).hasText("In [ ]:");
        assertThat(page.locator("#cells > .cell.code .prompt", new Page.LocatorOptions().setHasText(Pattern.compile("\\d")))).hasCount(0);
        assertThat(page.locator(".attack-summary")).hasCount(0);
    }

    private ServerOptions options(String... args) {
        return ServerOptions.parse(args, checkout);
    }

    /** One mode, listening on a free port of 127.0.0.1. */
    private Served listen(Launch launch) {
        var listening = launch.app().listen("127.0.0.1", 0);
        stops.add(listening::stop);
        return new Served(launch, "http://127.0.0.1:" + listening.port(), listening::stop);
    }

    /** A mode's server: its printed links, and (an interview) the folder it keeps the candidate's work in. */
    private record Served(Launch launch, String origin, Runnable stop) {
        String link(int index) {
            return origin + launch.links().get(index).path();
        }

        Path workspace() {
            var matcher = Pattern.compile("work kept in (\\S+)\\)").matcher(launch.serving());
            assertThat(matcher.find()).as("the interview names its folder: %s", launch.serving()).isTrue();
            return Path.of(matcher.group(1)).resolve("workspace");
        }
    }

    /** A page in a browser of its own (its own cookies), watched for console errors and CSP violations. */
    private Page page(String origin) {
        BrowserContext context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1440, 900).setBaseURL(origin));
        stops.add(0, context::close);
        context.exposeBinding("rampartCspViolation", (source, args) -> {
            problems.add("CSP violation on " + source.page().url() + ": " + args[0]);
            return null;
        });
        context.addInitScript("document.addEventListener('securitypolicyviolation', function (e) {"
                + " window.rampartCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')); });");
        var page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                problems.add("console error on " + page.url() + ": " + message.text());
            }
        });
        page.onPageError(error -> problems.add("uncaught exception on " + page.url() + ": " + error));
        return page;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (var source : (Iterable<Path>) files.filter(p -> !from.relativize(p).startsWith("target"))::iterator) {
                var target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (var path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
