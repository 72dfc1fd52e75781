package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.MessageChannel;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool, with a stand-in launcher whose starts take as long as the test says: a fresh server's
 * first notebook waits for the kernel that is starting (on a busy machine, longer than the start
 * time limit for one kernel) instead of being told "503, no kernel was ready".
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in kernel is a sleep process")
class KernelPoolTest {

    @TempDir
    Path folder;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final List<KernelProcess> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(k -> k.kill("the test ended"));
        scheduler.shutdownNow();
    }

    /** Starts stand-in kernels, each once {@code go} opens. */
    private final class SlowLauncher implements KernelLauncher {
        final CountDownLatch go = new CountDownLatch(1);
        final CountDownLatch asked = new CountDownLatch(1);

        @Override
        public KernelProcess start() throws IOException {
            asked.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            return standIn();
        }

        @Override
        public void admit(KernelProcess kernel, Path workspace) {
        }

        @Override
        public void close() {
        }
    }

    /** A process that lives, with a channel that stays open: all a pool needs to hold a kernel. */
    private synchronized KernelProcess standIn() throws IOException {
        var name = "s" + started.size();
        var process = new ProcessBuilder("sleep", "600").start();
        var socket = folder.resolve(name + ".sock");
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            var client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            var accepted = server.accept();
            var kernel = new KernelProcess(name, process, process.toHandle(), process.getOutputStream(), new MessageChannel(accepted),
                    OutputTail.drain(process.getInputStream(), name), Files.createDirectory(folder.resolve(name)),
                    new Event.KernelReady("", process.pid(), "17"), KernelSettings.defaults(), scheduler);
            kernel.death().whenComplete((reason, e) -> closeQuietly(client));
            started.add(kernel);
            return kernel;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Test
    void aTakeWaitsPastItsTimeoutForAKernelThatIsStarting() throws Exception {
        var launcher = new SlowLauncher();
        try (var pool = new KernelPool(launcher, 0, () -> 0, 4)) {
            var taken = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.take(Duration.ofMillis(200));
                } catch (IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            });
            assertThat(launcher.asked.await(30, TimeUnit.SECONDS)).as("a start is under way").isTrue();

            assertThatThrownBy(() -> taken.get(1, TimeUnit.SECONDS)).as("still waiting, 1 s after a timeout of 0.2 s")
                    .isInstanceOf(TimeoutException.class);
            launcher.go.countDown();

            assertThat(taken.get(30, TimeUnit.SECONDS).alive()).as("the kernel that was starting").isTrue();
        }
    }

    @Test
    void aTakeWithNothingStartingStillEndsAtItsTimeout() {
        var launcher = new SlowLauncher();
        // Every process the server may run is in use: nothing starts, so nothing can come.
        try (var pool = new KernelPool(launcher, 0, () -> 4, 4)) {
            assertThatThrownBy(() -> pool.take(Duration.ofMillis(200))).isInstanceOf(IOException.class)
                    .hasMessageContaining("none is starting");
        }
    }
}
