package dev.rampart.server.browser;

import dev.rampart.kata.support.Chromium;

/** The browser tests' Chromium: the katas' launcher, whose message when it is missing also says how to skip these tests. */
public final class BrowserTests {

    private BrowserTests() {
    }

    public static Chromium chromium() {
        return Chromium.launch("The browser tests (skip them on purpose with -Drampart.skipBrowserTests)");
    }
}
