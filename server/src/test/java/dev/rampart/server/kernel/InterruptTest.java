package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Interrupt: JShell's stop ends a busy loop and keeps the state; what ignores it is killed. */
@ExtendWith(SharedKernels.class)
class InterruptTest {

    private Kernel kernel;
    private Events news;

    @BeforeEach
    void acquire(Kernels kernels, @TempDir Path workspace) {
        kernel = kernels.acquire("interrupts", Fixture.workspace(workspace));
        news = new Events();
        kernel.onNews(news);
    }

    @AfterEach
    void release() {
        kernel.shutdown();
    }

    private Events run(String code) throws Exception {
        var events = new Events();
        kernel.execute(code, events).get(60, TimeUnit.SECONDS);
        return events;
    }

    @Test
    void aBusyLoopStopsAndTheStateIsKept() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int kept = 42;");
        var cell = new Events();
        var reply = kernel.execute("System.out.println(\"spinning\");\nwhile (true) { }", cell);
        cell.await(Event.Stream.class);

        kernel.interrupt();

        assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ERROR);
        assertThat(cell.of(Event.Failure.class)).singleElement().extracting(Event.Failure::ename).isEqualTo("Interrupted");
        assertThat(kernel.pid()).contains(pid);
        assertThat(run("kept").of(Event.ExecuteResult.class).get(0).data()).containsEntry("text/plain", "42");
    }

    @Test
    void queuedCellsAreDroppedByAnInterrupt() throws Exception {
        var first = new Events();
        var running = kernel.execute("System.out.println(\"go\");\nwhile (true) { }", first);
        var queued = kernel.execute("System.out.println(\"must not run\");", new Events());
        first.await(Event.Stream.class);

        kernel.interrupt();

        assertThat(running.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ERROR);
        assertThat(queued.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ABORTED);
    }

    @Test
    void codeThatIgnoresTheStopIsKilledAfterTheGraceAndTheCellSaysTheStateIsLost() throws Exception {
        long pid = kernel.pid().orElseThrow();
        // Declared first and printing from inside, so the output proves the loop is running: an
        // interrupt that lands before a snippet starts stops it cleanly, which is not this test.
        // Waiting for a lock inside the JDK defeats both stops. JDK 17's thread stop wakes the wait
        // with an error, which the loop catches. JDK 25 only sets a flag checked by code woven into
        // the snippet's classes, and interrupts; lock() ignores interrupts and never returns to the
        // snippet's code. The lock's owner has ended without unlocking, so nothing ever frees it,
        // and nothing spins while the test waits for the grace to run out.
        run("""
                int kept = 42;
                var held = new java.util.concurrent.locks.ReentrantLock();
                Thread owner = new Thread(held::lock);
                owner.start();
                owner.join();
                void stubborn() {
                    System.out.println("stubborn");
                    while (true) {
                        try { held.lock(); } catch (Throwable stopped) { }
                    }
                }""");
        var cell = new Events();
        var reply = kernel.execute("stubborn();", cell);
        cell.await(Event.Stream.class);

        kernel.interrupt();

        assertThat(reply.get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.ERROR);
        var failure = cell.of(Event.Failure.class);
        assertThat(failure).as("the cell says one thing").singleElement().extracting(Event.Failure::ename).isEqualTo("KernelDied");
        assertThat(failure.get(0).evalue()).contains("did not stop within 5 s of being interrupted")
                .contains("state (variables, methods, imports) was lost");
        assertThat(news.await(Event.KernelDied.class).parent()).as("the news names the cell that told it, rather than"
                + " telling it again").isNotEmpty();
        news.await(Event.KernelReady.class);
        assertThat(kernel.pid()).isPresent().get().isNotEqualTo(pid);
        assertThat(run("kept").of(Event.Failure.class)).singleElement()
                .extracting(Event.Failure::ename).isEqualTo("CompileError");
    }

    @Test
    void restartGivesAFreshStateAndKeepsTheSession() throws Exception {
        long pid = kernel.pid().orElseThrow();
        run("int kept = 42;");

        kernel.restart().get(60, TimeUnit.SECONDS);

        assertThat(kernel.pid()).isPresent().get().isNotEqualTo(pid);
        assertThat(news.await(Event.KernelDied.class).reason()).contains("restarted on request");
        assertThat(run("kept").of(Event.Failure.class)).isNotEmpty();
    }
}
