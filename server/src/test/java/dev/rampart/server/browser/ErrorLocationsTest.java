package dev.rampart.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the page marks an error, for each shape of error the kernel reports (see Shell and Session in the kernel). */
@WithBrowser
class ErrorLocationsTest {

    private Page page;

    @BeforeEach
    void open(Tabs tabs) {
        page = tabs.signedIn("/");
        page.locator("h1").waitFor();
    }

    /** Each place as {@code file|line|column|message}, the cell's file written as {@code cell}. */
    @SuppressWarnings("unchecked")
    private List<String> locate(String contentJson, int executionCount) {
        return (List<String>) page.evaluate("async ([content, count]) => (await import('/js/locations.js'))"
                + ".errorLocations(JSON.parse(content), count)"
                + ".map(p => (p.file || 'cell') + '|' + p.line + '|' + p.column + '|' + p.message)", List.of(contentJson, executionCount));
    }

    @Test
    void aCompileErrorInTheCellPointsAtItsLineAndColumn() {
        assertThat(locate("""
                {"ename": "CompileError", "evalue": "cannot find symbol", "traceback": [
                  "cell:2:13: cannot find symbol", "int n = \\"abc\\".lenght();", "            ^"]}
                """, 0)).containsExactly("cell|2|13|cannot find symbol");
    }

    @Test
    void aKataFileThatDoesNotCompilePointsIntoTheFile() {
        assertThat(locate("""
                {"ename": "CompileError", "evalue": "the kata does not compile", "traceback": [
                  "The cell did not run: it would have used a stale copy of the kata's classes.",
                  "src/main/java/dev/rampart/kata/sqlinjection/UserRepository.java:42:9: ';' expected",
                  "src/main/java/dev/rampart/kata/sqlinjection/UserRepository.java:50:1: class, interface, enum, or record expected"]}
                """, 0)).containsExactly("UserRepository.java|42|9|';' expected",
                "UserRepository.java|50|1|class, interface, enum, or record expected");
    }

    @Test
    void anExceptionPointsAtTheCellsLineAndTheKataFilesLine() {
        assertThat(locate("""
                {"ename": "java.lang.IllegalStateException", "evalue": "no rows", "traceback": [
                  "java.lang.IllegalStateException: no rows",
                  "\\tat dev.rampart.kata.sqlinjection.UserRepository.first(UserRepository.java:88)",
                  "\\tat cell [7], line 3",
                  "\\tat cell [5], line 12"]}
                """, 7)).containsExactly("cell|3|0|java.lang.IllegalStateException: no rows",
                "UserRepository.java|88|0|java.lang.IllegalStateException: no rows");
    }

    @Test
    void anErrorWithoutAPlaceMarksNothing() {
        assertThat(locate("""
                {"ename": "Interrupted", "evalue": "the cell was stopped", "traceback": []}
                """, 3)).isEmpty();
    }
}
