package dev.rampart.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * One test's browser: a fresh context (its own cookies) at 1280×800, whose every page is
 * watched for console errors, uncaught exceptions and Content-Security-Policy violations, and
 * checked at the end for the token anywhere in its address or its document.
 */
final class Tabs implements AutoCloseable {

    /** Reported by the page itself: fires for every blocked inline script, style or resource. */
    private static final String CSP_LISTENER = """
            document.addEventListener('securitypolicyviolation', function (e) {
              window.rampartCspViolation(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile + ':' + e.lineNumber);
            });
            """;

    final RampartServer server;
    final BrowserContext context;
    private final List<Page> pages = new ArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Pattern> expected = new CopyOnWriteArrayList<>();
    private final Path screenshots;

    Tabs(Browser browser, RampartServer server, Path screenshots) {
        this.server = server;
        this.screenshots = screenshots;
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800).setBaseURL(server.origin()));
        context.setDefaultTimeout(15_000);
        // Kernels answer slowly on a machine busy with other builds; an assertion that holds passes at once anyway.
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
        context.exposeBinding("rampartCspViolation", (source, args) -> {
            report("CSP violation on " + source.page().url() + ": " + args[0]);
            return null;
        });
        context.addInitScript(CSP_LISTENER);
    }

    /** A new tab, watched, at {@code path} (relative to the server). */
    Page open(String path) {
        var page = context.newPage();
        pages.add(page);
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                report("console error on " + page.url() + ": " + message.text() + " (" + message.location() + ")");
            }
        });
        page.onPageError(error -> problems.add("uncaught exception on " + page.url() + ": " + error));
        page.navigate(path);
        return page;
    }

    /** A new tab on the start-up URL, as the learner opens it from the terminal: signed in. */
    Page signedIn(String path) {
        var page = open("/?token=" + server.tokenValue());
        page.navigate(path);
        return page;
    }

    private void report(String problem) {
        if (expected.stream().noneMatch(p -> p.matcher(problem).find())) {
            problems.add(problem);
        }
    }

    /**
     * Lets a console error or CSP report matching {@code pattern} pass: Chromium logs every
     * failed request ("Failed to load resource: ... 409"), even one the page expects and handles.
     */
    void expectConsoleError(String pattern) {
        expected.add(Pattern.compile(pattern));
    }

    /** Saves a screenshot of the window under {@code target/screenshots} for a person to look at. */
    Path screenshot(Page page, String name) {
        return screenshot(page, name, false);
    }

    /** The same, of the whole page when {@code fullPage}. */
    Path screenshot(Page page, String name, boolean fullPage) {
        try {
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var file = screenshots.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage));
        return file;
    }

    /**
     * Waits (as Playwright waits, no sleep) until {@code page} has reported a problem that
     * contains {@code text}, then takes all of them.
     */
    List<String> awaitProblem(Page page, String text) {
        page.waitForCondition(() -> problems.stream().anyMatch(problem -> problem.contains(text)));
        return takeProblems();
    }

    /** The problems seen so far, forgotten: for a test that provokes one on purpose. */
    List<String> takeProblems() {
        var taken = List.copyOf(problems);
        problems.clear();
        return taken;
    }

    /** No console error, no uncaught exception, no CSP violation, and the token nowhere to be seen. */
    void assertClean() {
        var token = server.tokenValue();
        for (var page : pages) {
            if (page.isClosed()) {
                continue;
            }
            assertThat(page.url()).as("the address bar of %s", page.url()).doesNotContain(token);
            assertThat(page.content()).as("the document at %s", page.url()).doesNotContain(token);
        }
        assertThat(problems).as("console errors, exceptions and CSP violations").isEmpty();
    }

    @Override
    public void close() {
        context.close();
    }
}
