package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.protocol.Completion;
import dev.rampart.server.kernel.protocol.Diagnostic;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cells on a real kernel: values, output, errors placed in the cell, rich display, completion. */
@ExtendWith(SharedKernels.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelCellsTest {

    private Kernel kernel;

    @BeforeAll
    void acquire(Kernels kernels, @TempDir Path workspace) {
        kernel = kernels.acquire("cells", Fixture.workspace(workspace));
    }

    @AfterAll
    void release() {
        kernel.shutdown();
    }

    private Events run(String code) throws Exception {
        var events = new Events();
        kernel.execute(code, events).get(60, TimeUnit.SECONDS);
        return events;
    }

    @Test
    void theLastExpressionLeftWithoutSemicolonIsTheCellsValue() throws Exception {
        var events = run("int answer = 6 * 7;\nanswer");

        assertThat(events.of(Event.ExecuteResult.class)).singleElement()
                .satisfies(r -> assertThat(r.data()).containsEntry("text/plain", "42"));
        assertThat(events.of(Event.ExecuteReply.class)).singleElement().extracting(Event.ExecuteReply::status)
                .isEqualTo(Status.OK);
    }

    @Test
    void aSemicolonKeepsTheValueQuiet() throws Exception {
        var events = run("var list = new ArrayList<String>();\nlist.add(\"x\");");

        assertThat(events.of(Event.ExecuteResult.class)).isEmpty();
    }

    @Test
    void aTrailingCommentDoesNotHideTheValue() throws Exception {
        var events = run("\"a\" + \"b\" // joined");

        assertThat(events.of(Event.ExecuteResult.class)).singleElement()
                .satisfies(r -> assertThat(r.data()).containsEntry("text/plain", "\"ab\""));
    }

    /**
     * JShell waits for every thread it finds in the snippet's thread group once the snippet has
     * started; a thread the snippet started first (an HttpClient's selector, a server's acceptor)
     * hung the cell. Holding the group's lock while starting one makes JShell (on JDK 17, where
     * counting a group's threads takes that lock) find it every time, not only on a busy machine.
     */
    @Test
    void aCellEndsWhenItsCodeReturnsThoughAThreadItStartedRunsOn() throws Exception {
        var events = new Events();
        var reply = kernel.execute("""
                var forever = new java.util.concurrent.CountDownLatch(1);
                synchronized (Thread.currentThread().getThreadGroup()) {
                    var background = new Thread(() -> {
                        try {
                            forever.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "started-by-the-cell");
                    background.setDaemon(true);
                    background.start();
                }
                "returned"
                """, events);

        assertThat(reply).as("the cell's reply, while the thread it started still runs")
                .succeedsWithin(Duration.ofSeconds(60));
        assertThat(events.of(Event.ExecuteResult.class)).singleElement()
                .satisfies(r -> assertThat(r.data()).containsEntry("text/plain", "\"returned\""));
        assertThat(run("Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(\"started-by-the-cell\"))")
                .of(Event.ExecuteResult.class).get(0).data()).as("the thread the cell started, still running")
                .containsEntry("text/plain", "true");
    }

    @Test
    void stateCarriesFromCellToCell() throws Exception {
        run("int twice(int n) { return 2 * n; }\nvar base = 20;");

        var events = run("twice(base) + 2");

        assertThat(events.of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "42");
    }

    @Test
    void stdoutAndStderrAreStreamsOfTheirOwn() throws Exception {
        var events = run("System.out.println(\"to out\");\nSystem.err.println(\"to err\");");

        assertThat(events.printed(StreamName.STDOUT)).isEqualTo("to out\n");
        assertThat(events.printed(StreamName.STDERR)).isEqualTo("to err\n");
    }

    @Test
    void outputStreamsWhileTheCellStillRuns() throws Exception {
        var events = new Events();
        var reply = kernel.execute("System.out.println(\"first\");\nThread.sleep(60_000);", events);

        var first = events.await(Event.Stream.class, s -> s.text().contains("first"));
        assertThat(reply).isNotDone();
        assertThat(first.name()).isEqualTo(StreamName.STDOUT);

        kernel.interrupt();
        assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ERROR);
        assertThat(events.of(Event.Failure.class)).singleElement().extracting(Event.Failure::ename)
                .isEqualTo("Interrupted");
    }

    @Test
    void aCompileErrorPointsAtTheLineAndColumnInTheCell() throws Exception {
        var events = run("int a = 1;\n\n    String s = a;\nint never = 2;");

        var failure = events.of(Event.Failure.class).get(0);
        assertThat(failure.ename()).isEqualTo("CompileError");
        assertThat(failure.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(Diagnostic.CELL);
            assertThat(d.line()).isEqualTo(3);
            assertThat(d.column()).isEqualTo(16);
            assertThat(d.message()).contains("incompatible types");
        });
        assertThat(failure.traceback()).contains("    String s = a;", " ".repeat(15) + "^");
        assertThat(events.of(Event.ExecuteReply.class).get(0).status()).isEqualTo(Status.ERROR);
        assertThat(run("never").of(Event.Failure.class)).as("the cell stops at its first error").isNotEmpty();
    }

    @Test
    void anExceptionShowsTheLearnersFramesByCellAndLine() throws Exception {
        var define = run("void check(String s) {\n  if (s.isEmpty()) {\n    throw new IllegalArgumentException(\"empty\");\n  }\n}");
        var count = define.of(Event.ExecuteReply.class).get(0).executionCount();

        var events = run("int n = 1;\n\n  check(\"\");");

        var failure = events.of(Event.Failure.class).get(0);
        assertThat(failure.ename()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(failure.evalue()).isEqualTo("empty");
        int cell = events.of(Event.ExecuteReply.class).get(0).executionCount();
        assertThat(failure.traceback()).containsExactly(
                "java.lang.IllegalArgumentException: empty",
                "\tat check (cell [" + count + "], line 3)",
                "\tat cell [" + cell + "], line 3");
    }

    @Test
    void causesAndLibraryFramesStayButJShellsMachineryGoes() throws Exception {
        var events = run("java.nio.file.Files.readString(java.nio.file.Path.of(\"/no/such/file\"))");

        var traceback = events.of(Event.Failure.class).get(0).traceback();
        assertThat(traceback.get(0)).isEqualTo("java.nio.file.NoSuchFileException: /no/such/file");
        assertThat(traceback).anyMatch(line -> line.contains("java.nio.file.Files.readString"));
        assertThat(traceback).noneMatch(line -> line.contains("jdk.jshell") || line.contains("REPL.")
                || line.contains("reflect"));
    }

    @Test
    void aCallToSomethingNotYetDeclaredSaysWhatIsMissing() throws Exception {
        var declare = run("int later() { return notYet() + 1; }");
        assertThat(declare.printed(StreamName.STDERR)).contains("later", "notYet");

        var events = run("later()");

        assertThat(events.of(Event.Failure.class).get(0).evalue()).contains("notYet");
        run("int notYet() { return 41; }");
        assertThat(run("later()").of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "42");
    }

    @Test
    void htmlAndMarkdownComeAsMimeBundles() throws Exception {
        var html = run("html(\"<b>bold</b>\")").of(Event.ExecuteResult.class).get(0);
        var markdown = run("markdown(\"*em*\")").of(Event.ExecuteResult.class).get(0);

        assertThat(html.data()).containsEntry("text/html", "<b>bold</b>").containsKey("text/plain");
        assertThat(markdown.data()).containsEntry("text/markdown", "*em*").containsEntry("text/plain", "*em*");
    }

    @Test
    void recordsBecomeATableEscapedForEachFormat() throws Exception {
        var events = run("record Login(String user, int attempts) {}\n"
                + "display(List.of(new Login(\"alice\", 3), new Login(\"<script>\", 1)))");

        var data = events.of(Event.ExecuteResult.class).get(0).data();
        assertThat(data.get("text/html")).contains("<th>user</th><th>attempts</th>", "<td>&lt;script&gt;</td>")
                .doesNotContain("<td><script>");
        assertThat(data.get("text/markdown")).contains("| user | attempts |", "| alice | 3 |");
        assertThat(data.get("text/plain")).contains("alice", "attempts");
    }

    @Test
    void showDisplaysMidCell() throws Exception {
        var events = run("html(\"<i>one</i>\").show();\nSystem.out.println(\"two\");");

        assertThat(events.all()).filteredOn(e -> e instanceof Event.DisplayData || e instanceof Event.Stream)
                .first().isInstanceOfSatisfying(Event.DisplayData.class,
                        d -> assertThat(d.data()).containsEntry("text/html", "<i>one</i>"));
        assertThat(events.of(Event.ExecuteResult.class)).isEmpty();
    }

    @Test
    void printingABundleGivesItsPlainText() throws Exception {
        var events = run("System.out.println(markdown(\"# title\"));");

        assertThat(events.printed(StreamName.STDOUT)).isEqualTo("# title\n");
    }

    @Test
    void completionSuggestsMembersWithTheirSignatures() throws Exception {
        var reply = kernel.complete("\"abc\".subs", 10).get(60, TimeUnit.SECONDS);

        assertThat(reply.cursorStart()).isEqualTo(6);
        assertThat(reply.cursorEnd()).isEqualTo(10);
        assertThat(reply.matches()).extracting(Completion::text).containsExactly("substring(");
        assertThat(reply.matches().get(0).signature()).startsWith("String String.substring(int");
    }

    @Test
    void completionSeesTheLearnersOwnDeclarations() throws Exception {
        run("int secretCounter = 3;");

        var reply = kernel.complete("secretC", 7).get(60, TimeUnit.SECONDS);

        assertThat(reply.matches()).extracting(Completion::text).contains("secretCounter");
    }

    @Test
    void inspectionDocumentsTheSymbolUnderTheCursor() throws Exception {
        var reply = kernel.inspect("List.of(1, 2)", 6).get(60, TimeUnit.SECONDS);

        assertThat(reply.found()).isTrue();
        assertThat(reply.data().get("text/plain")).contains("of(E e1, E e2)");
        assertThat(reply.data().get("text/markdown")).startsWith("```java");
    }

    @Test
    void inspectingNothingFindsNothing() throws Exception {
        var reply = kernel.inspect("   ", 1).get(60, TimeUnit.SECONDS);

        assertThat(reply.found()).isFalse();
    }

    @Test
    void writingToTheRawDescriptorsCannotCorruptTheChannel() throws Exception {
        var pid = kernel.pid();
        run("var raw = new FileOutputStream(FileDescriptor.out);\n"
                + "raw.write(new byte[] {0, 0, 0, 9, '{', '}', 1, 2, 3, 4, 5, 6, 7});\nraw.flush();\n"
                + "new FileOutputStream(FileDescriptor.err).write(\"garbage\".getBytes());");

        assertThat(run("1 + 1").of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "2");
        assertThat(kernel.pid()).isEqualTo(pid);
    }

    @Test
    void stdinIsEmptyForLearnerCode() throws Exception {
        var events = run("System.in.read()");

        assertThat(events.of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "-1");
    }
}
