package dev.rampart.kata.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, headless: Playwright is told the executable and never
 * downloads a browser. A suite launches one per test class, and each case takes a fresh context
 * (its own cookies) from it; the server's browser tests launch theirs here too ({@code BrowserTests}).
 */
public final class Chromium implements AutoCloseable {

    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    private final Browser browser;

    private Chromium(Path executable) {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable).setHeadless(true).setArgs(ARGS));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /**
     * Launches the Chromium named by {@code -Drampart.chromium} (default {@code /usr/bin/chromium}).
     *
     * @param needs what runs in it, for the message when it is missing ("The csrf kata's cross-site attacks")
     * @throws IllegalStateException saying how to install it, when it is not there
     */
    public static Chromium launch(String needs) {
        var executable = Path.of(System.getProperty("rampart.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(needs + " run in Chromium at " + executable + ", and it is not there."
                    + " Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or point -Drampart.chromium=/path/to/chromium at one.");
        }
        return new Chromium(executable);
    }

    public Browser browser() {
        return browser;
    }

    /**
     * A fresh context (its own cookies) whose waits give up after {@code -Drampart.browser.patience}
     * milliseconds (default 20 s, room for a loaded machine). The mutation profile shortens it: a
     * mutant that drops a redirect then fails in seconds instead of timing out the whole run.
     */
    public BrowserContext newContext() {
        var context = browser.newContext();
        context.setDefaultTimeout(Long.getLong("rampart.browser.patience", 20_000));
        return context;
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
