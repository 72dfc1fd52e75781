package dev.rampart.kata.htmlsanitizing;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.rampart.kata.support.Chromium;
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

    private final Chromium chromium;
    private final Page page;

    private LiveDom(Chromium chromium) {
        this.chromium = chromium;
        try {
            BrowserContext context = chromium.browser().newContext();
            context.route("**/*", route -> route.abort());
            page = context.newPage();
            page.setContent("<!doctype html><html><head><title>Comments</title></head><body></body></html>");
        } catch (RuntimeException e) {
            chromium.close();
            throw e;
        }
    }

    /**
     * Launches the Chromium named by {@code -Drampart.chromium} (default {@code /usr/bin/chromium}).
     *
     * @throws IllegalStateException saying how to install it, when it is not there
     */
    static LiveDom launch() {
        return new LiveDom(Chromium.launch("The mutation-XSS cases"));
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
        chromium.close();
    }
}
