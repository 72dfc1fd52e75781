package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.WebSocketRoute;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Running code: interrupt, restart, a dying kernel, completion, documentation, errors on their line. */
@WithBrowser
class KernelTest {

    private static String notebook(RampartServer server, String name, String... cells) {
        var json = new StringBuilder("{\"cells\": [");
        for (var i = 0; i < cells.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"id\": \"c").append(i)
                    .append("\", \"metadata\": {}, \"execution_count\": null, \"outputs\": [], \"source\": ")
                    .append(quote(cells[i])).append("}");
        }
        json.append("], \"metadata\": {\"kernelspec\": {\"display_name\": \"Java\", \"language\": \"java\", \"name\": \"java\"}},"
                + " \"nbformat\": 4, \"nbformat_minor\": 5}");
        var path = "notebooks/" + name + ".ipynb";
        Workspace.write(server, path, json.toString());
        return path;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void anEndlessLoopIsInterruptedAndTheNextCellRuns(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "loop", "System.out.println(\"looping\");\nwhile (true) {}", "1 + 1"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        assertThat(notebook.cell("c0").locator(".prompt")).hasText("In [*]:");
        notebook.waitKernel("busy");
        // Output is streamed as it comes: the line printed before the loop shows while the cell still runs.
        assertThat(notebook.cell("c0").locator(".output-stream.stdout")).hasText("looping");
        assertThat(notebook.cell("c0").locator(".prompt")).hasText("In [*]:");
        tabs.screenshot(notebook.page, "20-busy");
        notebook.toolbar("interrupt");
        // Said once, in one line (it used to read "Interrupted: The cell was interrupted" and again below).
        assertThat(notebook.cell("c0").locator(".output-error")).hasText("Interrupted: the cell was stopped before it finished");
        notebook.waitKernel("idle");
        notebook.run("c1");
        notebook.waitRan("c1");
        assertThat(notebook.cell("c1").locator(".output-text")).hasText("2");
    }

    @Test
    void runAllRunsEveryCodeCellInOrderWithItsCount(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "run-all", "int a = 20;", "int b = a + 1;", "a + b + 1"));
        notebook.waitKernel("idle");
        notebook.toolbar("run-all");
        notebook.waitRan("c2");
        assertThat(notebook.cell("c0").locator(".prompt")).hasText("In [1]:");
        assertThat(notebook.cell("c1").locator(".prompt")).hasText("In [2]:");
        assertThat(notebook.cell("c2").locator(".prompt")).hasText("In [3]:");
        assertThat(notebook.cell("c2").locator(".output-text")).hasText("42");
        notebook.waitKernel("idle");
    }

    @Test
    void anExceptionIsMarkedOnTheLineThatThrew(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "exception", "String name = null;\nint fine = 1;\nname.length();\nint after = 2;"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        notebook.waitRan("c0");
        assertThat(notebook.cell("c0").locator(".output-error")).containsText("NullPointerException");
        assertThat(notebook.cell("c0").locator(".output-error").textContent()).as("the exception's heading, once")
                .containsOnlyOnce("NullPointerException");
        var lines = notebook.cell("c0").locator(".CodeMirror-code > div");
        assertThat(lines.nth(2)).hasClass(Pattern.compile("\\bline-error\\b"));
        for (var other : new int[] {0, 1, 3}) {
            assertThat(lines.nth(other)).not().hasClass(Pattern.compile("\\bline-error\\b"));
        }
    }

    @Test
    void aKernelThatDiesIsSaidPlainlyAndAFreshOneTakesOver(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "exit", "int kept = 1;", "System.exit(7);", "kept", "40 + 2"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        notebook.waitRan("c0");
        notebook.run("c1");
        // The truth once, in the cell that was running; the page's notice only says what follows.
        assertThat(notebook.cell("c1").locator(".output-error")).containsText("exited with status 7",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(180_000));
        assertThat(notebook.page.locator("#notice")).containsText("restarting");
        tabs.screenshot(notebook.page, "21-kernel-died");
        notebook.waitKernel("idle");
        notebook.run("c2");
        notebook.waitRan("c2");
        // A fresh kernel: the old one's variables are gone.
        assertThat(notebook.cell("c2").locator(".output-error")).containsText("kept");
        notebook.run("c3");
        notebook.waitRan("c3");
        assertThat(notebook.cell("c3").locator(".output-text")).hasText("42");
    }

    @Test
    void restartingAsksFirstThenStartsClean(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "restart", "int gone = 1;", "gone"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        notebook.waitRan("c0");
        notebook.toolbar("restart");
        assertThat(notebook.dialog()).containsText("Restart the kernel?");
        notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Restart")).click();
        assertThat(notebook.page.locator("#notice")).containsText("restarted");
        notebook.waitKernel("idle");
        notebook.run("c1");
        notebook.waitRan("c1");
        assertThat(notebook.cell("c1").locator(".output-error")).containsText("gone");
    }

    /**
     * A busy machine: the server answers that its kernels are still starting (503, ask again in
     * a second), again and again. The page waits, says so, asks again by itself, and the cell the
     * learner ran meanwhile runs once a kernel is there: nobody presses Run twice.
     */
    @Test
    void aKernelThatIsSlowToStartIsWaitedForAndTheCellRunMeanwhileRuns(Tabs tabs, RampartServer server) {
        var released = new AtomicBoolean();
        var refused = new AtomicInteger();
        tabs.context.route("**/api/sessions", route -> {
            if (!released.get() && route.request().method().equals("POST")) {
                refused.incrementAndGet();
                route.fulfill(new Route.FulfillOptions().setStatus(503).setHeaders(Map.of("Retry-After", "1"))
                        .setContentType("application/json")
                        .setBody("{\"message\": \"The kernels are still starting; ask again in a moment\", \"correlationId\": \"x\"}"));
            } else {
                route.resume();
            }
        });
        tabs.expectConsoleError("status of 503");
        var notebook = NotebookPage.open(tabs, notebook(server, "slow-start", "40 + 2"));
        assertThat(notebook.kernelState()).hasAttribute("data-state", "waiting");
        notebook.run("c0");
        assertThat(notebook.cell("c0").locator(".prompt")).hasText("In [*]:");
        notebook.page.waitForCondition(() -> refused.get() >= 4);
        assertThat(notebook.kernelState()).hasText(Pattern.compile("Waiting for a kernel \\(\\d+ s\\)"));
        assertThat(notebook.page.locator("#notice")).isHidden();
        tabs.screenshot(notebook.page, "26-waiting-for-a-kernel");

        released.set(true);
        notebook.waitRan("c0");
        assertThat(notebook.cell("c0").locator(".output-text")).hasText("42");
        assertThat(notebook.cell("c0").locator(".output-error")).hasCount(0);
        notebook.waitKernel("idle");
    }

    /**
     * A restart takes a moment: from the click on, the chip says "restarting", and a cell run
     * meanwhile waits for the fresh kernel and runs there, once (it used to fail with "The kernel
     * restarted before this finished", then print its result under itself a second time). What the
     * server says about the restart is held back until the cell was run, so the test never races it.
     */
    @Test
    void aCellRunWhileTheKernelRestartsWaitsForTheFreshKernelAndRunsOnce(Tabs tabs, RampartServer server) {
        var holding = new AtomicBoolean();
        var held = new ArrayList<String>();
        var sockets = new ArrayList<WebSocketRoute>();
        tabs.context.routeWebSocket(Pattern.compile(".*/channels$"), page -> {
            var kernel = page.connectToServer();
            page.onMessage(frame -> {
                if (frame.text().contains("\"shutdown_request\"")) {
                    holding.set(true);
                }
                kernel.send(frame.text());
            });
            kernel.onMessage(frame -> {
                if (holding.get()) {
                    held.add(frame.text());
                } else {
                    page.send(frame.text());
                }
            });
            sockets.add(page);
        });
        var notebook = NotebookPage.open(tabs, notebook(server, "restart-run", "int gone = 1;", "gone"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        notebook.waitRan("c0");

        notebook.toolbar("restart");
        notebook.dialog().locator("button", new Locator.LocatorOptions().setHasText("Restart")).click();
        notebook.waitKernel("restarting");
        assertThat(notebook.kernelState()).hasText(Pattern.compile("Kernel restarting.*"));
        notebook.run("c1");
        assertThat(notebook.cell("c1").locator(".prompt")).hasText("In [*]:");
        tabs.screenshot(notebook.page, "27-restarting");

        var socket = sockets.get(sockets.size() - 1);
        while (!held.isEmpty()) {
            socket.send(held.remove(0));
        }
        holding.set(false);
        notebook.waitRan("c1");
        assertThat(notebook.cell("c1").locator(".output-error")).hasCount(1);
        assertThat(notebook.cell("c1").locator(".output-error")).containsText("gone");
        assertThat(notebook.cell("c1").locator(".outputs")).not().containsText("restarted before");
        notebook.waitKernel("idle");
    }

    @Test
    void completionAndDocumentationComeFromTheKernel(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "complete", ""));
        notebook.waitKernel("idle");
        notebook.edit(0);
        notebook.type("\"abc\".");
        notebook.press("Tab");
        var hints = notebook.page.locator(".CodeMirror-hints");
        assertThat(hints).isVisible();
        assertThat(hints).containsText("length()");
        tabs.screenshot(notebook.page, "22-completion");
        notebook.press("Escape");
        assertThat(hints).hasCount(0);
        notebook.press("Control+Space");
        assertThat(hints).containsText("toUpperCase");
        notebook.press("Escape");

        notebook.type("length()");
        notebook.press("ArrowLeft");
        notebook.press("ArrowLeft");
        notebook.press("Shift+Tab");
        assertThat(notebook.cell(0).locator(".inspection")).containsText("length");
        tabs.screenshot(notebook.page, "23-documentation");
    }

    @Test
    void aCompileErrorIsMarkedOnItsLine(Tabs tabs, RampartServer server) {
        var notebook = NotebookPage.open(tabs, notebook(server, "compile-error", "int fine = 1;\nint broken = \"text\";\nint after = 2;"));
        notebook.waitKernel("idle");
        notebook.run("c0");
        notebook.waitRan("c0");
        var lines = notebook.cell("c0").locator(".CodeMirror-code > div");
        assertThat(lines.nth(1)).hasClass(Pattern.compile("\\bline-error\\b"));
        assertThat(lines.nth(0)).not().hasClass(Pattern.compile("\\bline-error\\b"));
        assertThat(lines.nth(2)).not().hasClass(Pattern.compile("\\bline-error\\b"));
        assertThat(notebook.cell("c0").locator(".line-error-message")).containsText("Line 2");
        tabs.screenshot(notebook.page, "24-compile-error");
    }

    @Test
    void aKataSourceThatDoesNotCompileIsMarkedInItsCell(Tabs tabs, RampartServer server) {
        var original = Workspace.read(server, Workspace.SOURCE);
        try {
            var notebook = NotebookPage.open(tabs, Workspace.LESSON);
            notebook.waitKernel("idle");
            var source = notebook.cell("source-user-repository");
            source.locator(".CodeMirror-code > div").nth(2).click();
            notebook.press("End");
            notebook.type(" this is not Java");
            assertThat(source.locator(".cell-head .chip")).hasText("Saved");
            notebook.escape();
            notebook.press("Shift+Enter");
            assertThat(source.locator(".CodeMirror-code > div").nth(2)).hasClass(Pattern.compile("\\bline-error\\b"),
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasClassOptions().setTimeout(180_000));
            tabs.screenshot(notebook.page, "25-kata-compile-error");
        } finally {
            Workspace.write(server, Workspace.SOURCE, original);
        }
    }
}
