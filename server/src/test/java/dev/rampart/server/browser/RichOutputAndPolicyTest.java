package dev.rampart.server.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Whatever a cell's output or a Markdown cell holds is shown, never run: the page sanitizes
 * before it inserts, and the Content-Security-Policy would refuse inline code anyway.
 */
@WithBrowser
class RichOutputAndPolicyTest {

    private static final String HOSTILE_HTML = "<b id=\\\"cookie\\\">bold</b>"
            + "<img src=x onerror=\\\"window.pwned='img'\\\">"
            + "<script>window.pwned='script'</script>"
            + "<a href=\\\"javascript:window.pwned='link'\\\">a link</a>"
            + "<div style=\\\"color:red\\\" onclick=\\\"window.pwned='click'\\\">styled</div>"
            + "<form action=\\\"https://evil.example/\\\"><input name=password></form>"
            + "<iframe src=\\\"https://evil.example/\\\"></iframe>"
            + "<svg><script>window.pwned='svg'</script></svg>"
            + "<table><tr><th>user</th></tr><tr><td>alice</td></tr></table>";

    private static final String NOTEBOOK = """
            {"cells": [
              {"cell_type": "markdown", "id": "md", "metadata": {},
               "source": "# Hostile\\n<script>window.pwned='markdown'</script>\\n[click](javascript:window.pwned='md-link') <img src=x onerror=window.pwned='md-img'>"},
              {"cell_type": "code", "id": "out", "metadata": {}, "execution_count": 1, "source": "html()",
               "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": "html", "text/html": "%s"}}]}
             ],
             "metadata": {"kernelspec": {"display_name": "Java", "language": "java", "name": "java"}},
             "nbformat": 4, "nbformat_minor": 5}
            """.formatted(HOSTILE_HTML);

    @Test
    void richHtmlOutputIsSanitizedAndMarkdownCannotCarryScript(Tabs tabs, RampartServer server) {
        // DOMPurify parses the output in an inert document that shares the page's policy, and Chromium
        // reports each inline handler and style in it as refused; nothing runs, then the sanitizer drops them.
        tabs.expectConsoleError("\\(http://127\\.0\\.0\\.1:\\d+/webjars/dompurify/[^ ]+/purify\\.min\\.js:1:0\\)$");
        tabs.expectConsoleError("^CSP violation on .*: (script|style)-src-attr blocked inline in http://127\\.0\\.0\\.1:\\d+/webjars/dompurify/[^ ]+/purify\\.min\\.js:\\d+$");
        Workspace.write(server, "notebooks/hostile.ipynb", NOTEBOOK);
        var notebook = NotebookPage.open(tabs, "notebooks/hostile.ipynb");
        var output = notebook.cell(1).locator(".output-html");

        assertThat(output.locator("b")).hasText("bold");
        assertThat(output.locator("td")).hasText("alice");
        assertThat(output.locator("a")).hasText("a link");
        notebook.page.locator("#cells").locator("text=styled").click();
        output.locator("a").click(new com.microsoft.playwright.Locator.ClickOptions().setNoWaitAfter(true));
        assertThat(notebook.page.evaluate("() => window.pwned === undefined")).as("no injected code ran").isEqualTo(true);
        for (var shown : new String[] {".outputs", ".rendered"}) {
            assertThat(notebook.page.locator(String.join(", ", java.util.Arrays.stream(
                    new String[] {"script", "iframe", "form", "input", "svg", "[style]", "[onerror]", "[onclick]"}).map(s -> shown + " " + s).toList())))
                    .hasCount(0);
        }
        assertThat(output.locator("a").getAttribute("href")).isNull();
        assertThat(output.locator("b").getAttribute("id")).as("ids are prefixed, so output cannot clobber the page's").isEqualTo("user-content-cookie");
        assertThat(notebook.cell(0).locator(".rendered h1")).hasText("Hostile");
        assertThat(notebook.cell(0).locator(".rendered a")).hasCount(0);
    }

    /**
     * LaTeX in a Markdown cell, as Jupyter users write it, typeset by KaTeX under the strict
     * policy (no violation reported, which every test checks); Markdown does not touch what is
     * inside the dollars, prices stay prices, and nothing math can carry becomes a link.
     */
    @Test
    void latexInMarkdownIsTypesetUnderTheStrictPolicy(Tabs tabs, RampartServer server) {
        var markdown = String.join("\\n",
                "Euler: $e^{i\\\\pi} + 1 = 0$, and $a*b*c$ is no emphasis.",
                "",
                "$$\\\\sum_{i=1}^{n} x_i^2$$",
                "",
                "A price of $5 and $6. $\\\\href{javascript:window.pwned=1}{click}$");
        Workspace.write(server, "notebooks/latex.ipynb", """
                {"cells": [{"cell_type": "markdown", "id": "math", "metadata": {}, "source": "%s"}],
                 "metadata": {"kernelspec": {"display_name": "Java", "language": "java", "name": "java"}},
                 "nbformat": 4, "nbformat_minor": 5}
                """.formatted(markdown));
        var notebook = NotebookPage.open(tabs, "notebooks/latex.ipynb");
        var rendered = notebook.cell("math").locator(".rendered");

        assertThat(rendered.locator(".katex")).hasCount(4);
        assertThat(rendered.locator(".katex-display")).hasCount(1);
        assertThat(rendered.locator(".katex annotation").first()).hasText("e^{i\\pi} + 1 = 0");
        assertThat(rendered.locator(".katex .msupsub").first()).isVisible();
        assertThat(rendered.locator(".katex-display annotation")).hasText("\\sum_{i=1}^{n} x_i^2");
        assertThat(rendered.locator("em")).hasCount(0); // a*b*c stays math
        assertThat(rendered).containsText("A price of $5 and $6.");
        assertThat(rendered.locator("a")).hasCount(0); // \href is not trusted
        assertThat(notebook.page.evaluate("() => window.pwned === undefined")).isEqualTo(true);
        tabs.screenshot(notebook.page, "28-latex");
    }

    @Test
    void theWatchSeesACspViolationWhenOneHappens(Tabs tabs) {
        var page = tabs.signedIn("/");
        page.locator("h1").waitFor();
        page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<div style=\"color: red\">inline</div>'); }");
        assertThat(tabs.awaitProblem(page, "CSP violation")).as("the control: the watch reports what the policy refused")
                .anySatisfy(problem -> assertThat(problem).contains("CSP violation").contains("style-src"));
    }
}
