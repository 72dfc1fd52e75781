package dev.rampart.server.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, driven by Playwright, headless. Playwright never downloads a browser here:
 * it is told the executable, and {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} is set for its driver
 * (and by surefire for the whole run). Each launch gets a fresh temporary profile
 * ({@code --user-data-dir}, made and removed by Playwright); each test a fresh context in it.
 */
final class Chromium implements AutoCloseable {

    /** The flags Debian's Chromium needs to run headless in a container, quietly and offline. */
    static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");

    private final Playwright playwright;
    final Browser browser;

    private Chromium(Path executable) {
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(ARGS));
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
    static Chromium launch() {
        var executable = Path.of(System.getProperty("rampart.chromium", "/usr/bin/chromium"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("The browser tests need Chromium at " + executable + ", and it is not there. Install it "
                    + "(Debian/Ubuntu: sudo apt-get install -y chromium), or point -Drampart.chromium=/path/to/chromium at one, "
                    + "or skip these tests on purpose with -Drampart.skipBrowserTests.");
        }
        return new Chromium(executable);
    }

    String version() {
        return browser.version();
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
