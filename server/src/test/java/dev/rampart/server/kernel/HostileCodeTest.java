package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code written to break things breaks only its own kernel: the server reports what happened,
 * and the session goes on with a fresh kernel. Each test gets its own session.
 */
@ExtendWith(SharedKernels.class)
class HostileCodeTest {

    private Kernel kernel;
    private Events news;

    @BeforeEach
    void acquire(Kernels kernels, @TempDir Path workspace) {
        kernel = kernels.acquire("hostile", Fixture.workspace(workspace));
        news = new Events();
        kernel.onNews(news);
    }

    @AfterEach
    void release() {
        kernel.shutdown();
    }

    private Events run(String code) throws Exception {
        var events = new Events();
        kernel.execute(code, events).get(90, TimeUnit.SECONDS);
        return events;
    }

    /** The cell failed because the kernel died, the news says a fresh one started, and it works. */
    private void assertReplacedAfter(Events cell, long oldPid, String reason) throws Exception {
        var failure = cell.of(Event.Failure.class).get(0);
        assertThat(failure.ename()).isEqualTo("KernelDied");
        assertThat(failure.evalue()).contains(reason).contains("state (variables, methods, imports) was lost");
        assertThat(cell.of(Event.ExecuteReply.class).get(0).status()).isEqualTo(Status.ERROR);
        assertThat(news.await(Event.KernelDied.class).restarting()).isTrue();
        news.await(Event.KernelReady.class);
        assertThat(kernel.pid()).isPresent().get().isNotEqualTo(oldPid);
        var after = run("marker");
        assertThat(after.of(Event.Failure.class)).as("the old state is gone").singleElement()
                .extracting(Event.Failure::ename).isEqualTo("CompileError");
        assertThat(run("1 + 1").of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "2");
    }

    @Test
    void systemExitEndsOnlyTheKernel() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;");

        var cell = run("System.exit(0);");

        assertReplacedAfter(cell, pid, "exited with status 0 (System.exit");
    }

    @Test
    void systemExitWithTheOutOfMemoryStatusIsNotMistakenForIt() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;");

        var cell = run("System.exit(3);");

        assertReplacedAfter(cell, pid, "exited with status 3 (System.exit");
    }

    @Test
    void runningOutOfMemoryEndsOnlyTheKernel() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;");

        var cell = run("var hog = new ArrayList<long[]>();\nwhile (true) hog.add(new long[1 << 20]);");

        assertReplacedAfter(cell, pid, "ran out of memory (the limit is 192 MB of heap)");
    }

    @Test
    void aThreadBombIsStoppedAtTheThreadLimit() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;");

        var cell = run("""
                for (int i = 0; i < 100_000; i++) {
                    new Thread(() -> {
                        try { Thread.sleep(600_000); } catch (InterruptedException e) { }
                    }).start();
                }""");

        assertReplacedAfter(cell, pid, "started more threads than the limit of 512");
    }

    @Test
    void aStackOverflowIsAnErrorInTheCellAndTheKernelLives() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;\nint down(int n) { return down(n + 1) + 1; }");

        var cell = run("down(0)");

        var failure = cell.of(Event.Failure.class).get(0);
        assertThat(failure.ename()).isEqualTo("java.lang.StackOverflowError");
        assertThat(failure.traceback()).hasSizeLessThan(10)
                .anyMatch(line -> line.startsWith("\t... the same frame") && line.endsWith("more times"));
        assertThat(kernel.pid()).contains(pid);
        assertThat(run("marker").of(Event.ExecuteResult.class)).as("state survives").isNotEmpty();
    }

    @Test
    void fiftyMegabytesOfOutputAreCutAtTheBudget() throws Exception {
        long pid = kernel.pid().orElseThrow();

        var cell = run("System.out.print(\"x\".repeat(50_000_000));\nSystem.out.println(\"after\");\n\"done\"");

        var stdout = cell.printed(StreamName.STDOUT);
        assertThat(stdout).hasSize(64_000).matches("x+");
        assertThat(cell.printed(StreamName.STDERR)).contains("output truncated").contains("64000 characters");
        assertThat(cell.of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "\"done\"");
        assertThat(kernel.pid()).contains(pid);
    }

    @Test
    void endlessOutputIsCutAndTheCellCanStillBeInterrupted() throws Exception {
        long pid = kernel.pid().orElseThrow();
        var cell = new Events();
        var reply = kernel.execute("long n = 0;\nwhile (true) System.out.println(\"spam \" + n++);", cell);

        cell.await(Event.Stream.class, s -> s.text().contains("output truncated"));
        kernel.interrupt();

        assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ERROR);
        assertThat(cell.of(Event.Failure.class).get(0).ename()).isEqualTo("Interrupted");
        assertThat(cell.printed(StreamName.STDOUT).length()).isLessThanOrEqualTo(64_000);
        assertThat(kernel.pid()).contains(pid);
    }

    @Test
    void theKernelSeesNoneOfTheServersEnvironment() throws Exception {
        var cell = run("new TreeMap<>(System.getenv()).keySet()");

        var keys = cell.of(Event.ExecuteResult.class).get(0).data().get("text/plain");
        assertThat(System.getenv()).as("the build sets a secret for this test to look for")
                .containsKey("RAMPART_TEST_SECRET");
        assertThat(keys).doesNotContain("RAMPART_TEST_SECRET");
        // PWD: the sandbox sets it to the kernel's own folder.
        var allowed = Set.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "MALLOC_ARENA_MAX", "PWD");
        assertThat(keys.replaceAll("[\\[\\] ]", "").split(",")).allMatch(allowed::contains);
    }

    @Test
    void theKernelSeesNoneOfTheServersSystemProperties() throws Exception {
        assertThat(System.getProperty("rampart.test.secret")).as("the build sets it for this test").isNotNull();

        var cell = run("System.getProperty(\"rampart.test.secret\")");

        assertThat(cell.of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "null");
    }

    @Test
    void theKernelWorksInAPrivateFolderOfItsOwn() throws Exception {
        var cell = run("""
                var here = Path.of("").toAbsolutePath();
                var perms = java.nio.file.Files.getPosixFilePermissions(here);
                here + " " + java.nio.file.attribute.PosixFilePermissions.toString(perms)""");

        var value = cell.of(Event.ExecuteResult.class).get(0).data().get("text/plain");
        assertThat(value).doesNotContain(Path.of("").toAbsolutePath().toString() + " ")
                .endsWith(" rwx------\"");
    }

    @Test
    void anOutputBudgetBypassedByTheKernelGetsItKilled() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int marker = 1;");

        // Learner code can reach the kernel's own classes and publish output past the budget;
        // the server counts what it receives and does not take that either.
        var cell = run("""
                var field = Class.forName("dev.rampart.server.kernel.child.Display").getDeclaredField("publisher");
                field.setAccessible(true);
                var target = field.get(null);
                var captured = target.getClass().getDeclaredFields()[0];
                captured.setAccessible(true);
                var outputs = captured.get(target);
                var publish = outputs.getClass().getDeclaredMethod("publish",
                        dev.rampart.server.kernel.protocol.Event.class);
                publish.setAccessible(true);
                var parentOf = outputs.getClass().getDeclaredMethod("parent");
                parentOf.setAccessible(true);
                var parent = (String) parentOf.invoke(outputs);
                var chunk = new dev.rampart.server.kernel.protocol.Event.Stream(parent,
                        dev.rampart.server.kernel.protocol.Event.StreamName.STDOUT, "y".repeat(10_000));
                while (true) publish.invoke(outputs, chunk);""");

        assertReplacedAfter(cell, pid, "printed far more than the output limit");
    }

    @Test
    void interruptingAKernelThatIsIdleDoesNothing() throws Exception {
        long pid = kernel.pid().orElseThrow();

        kernel.interrupt();

        assertThat(run("40 + 2").of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "42");
        assertThat(kernel.pid()).contains(pid);
        assertThat(news.all()).isEmpty();
    }
}
