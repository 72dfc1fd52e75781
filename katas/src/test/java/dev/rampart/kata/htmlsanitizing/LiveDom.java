package dev.rampart.kata.htmlsanitizing;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A page in Debian's Chromium (driven by Playwright, headless, never downloaded) where sanitized
 * HTML is put into a {@code <div>} with {@code innerHTML}, the way a comment widget shows it, and
 * the elements the browser really built are read back from its live DOM.
 *
 * <p>The HTML is parsed twice: once from the sanitizer's output, and once more from the first
 * DOM's own serialization, as a page that copies or edits the comment would (mutation XSS often
 * needs that second parse). Every request the page would make is aborted: nothing leaves the
 * machine. One browser serves a whole test class.
 */
final class LiveDom implements AutoCloseable {

    /** The flags Debian's Chromium needs to run headless in a container, quietly and offline. */
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private static final String READ_BACK = """
            html => {
              const elements = root => [...root.querySelectorAll('*')].map(e => ({
                name: e.localName,
                attributes: [...e.attributes].map(a => [a.name, a.value])
              }));
              const first = document.createElement('div');
              document.body.appendChild(first);
              first.innerHTML = html;
              const second = document.createElement('div');
              document.body.appendChild(second);
              second.innerHTML = first.innerHTML;
              const found = [...elements(first), ...elements(second)];
              first.remove();
              second.remove();
              return found;
            }""";

    private final Playwright playwright;
    private final Browser browser;
    private final Page page;

    private LiveDom(Path executable) {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable).setHeadless(true).setArgs(ARGS));
            BrowserContext context = browser.newContext();
            context.route("**/*", route -> route.abort());
            page = context.newPage();
            page.setContent("<!doctype html><html><head><title>Comments</title></head><body></body></html>");
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * Launches the Chromium named by {@code -Drampart.chromium} (default {@code /usr/bin/chromium}).
     *
     * @throws IllegalStateException saying how to install it, when it is not there
     */
    static LiveDom launch() {
        var executable = Path.of(System.getProperty("rampart.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("The mutation-XSS cases need Chromium at " + executable + ", and it is not there. "
                    + "Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or point -Drampart.chromium=/path/to/chromium at one.");
        }
        return new LiveDom(executable);
    }

    /** The elements Chromium builds from this HTML set as a comment's innerHTML, then parsed once more. */
    @SuppressWarnings("unchecked")
    List<Dangers.Node> elementsOf(String html) {
        var nodes = new ArrayList<Dangers.Node>();
        for (var element : (List<Map<String, Object>>) page.evaluate(READ_BACK, html)) {
            var attributes = new ArrayList<Map.Entry<String, String>>();
            for (var pair : (List<List<String>>) element.get("attributes")) {
                attributes.add(Map.entry(pair.get(0), pair.get(1)));
            }
            nodes.add(new Dangers.Node((String) element.get("name"), attributes));
        }
        return nodes;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
