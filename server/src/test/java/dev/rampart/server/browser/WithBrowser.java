package dev.rampart.server.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser test: its methods may take a {@link RampartServer} (one real server per test run,
 * over a temporary copy of the katas) and a {@link Tabs} (a fresh browser context per test, in
 * one Chromium per test run), which fails the test on any console error, CSP violation or
 * shown token. Tagged {@code browser}: the server module's {@code browser} surefire execution
 * runs them, after the others.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(BrowserExtension.class)
@interface WithBrowser {
}
