package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.kernel.protocol.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool hands out started kernels; limits hold; idle kernels are reaped. Own, small pools. */
class PoolAndLimitsTest {

    @TempDir
    Path workspace;

    private static KernelSettings unpooled() {
        return SharedKernels.settings().with(new KernelSettings.Pool(0, 2, 1));
    }

    private static KernelSettings small() {
        return SharedKernels.settings().with(new KernelSettings.Pool(1, 2, 1));
    }

    @Test
    void aKernelFromThePoolIsOneAlreadyStartedAndThePoolRefills() throws Exception {
        try (var kernels = Kernels.start(small())) {
            var pooled = awaitReady(kernels);

            var kernel = kernels.acquire("ada", workspace);

            assertThat(kernel.pid()).contains(pooled);
            awaitReady(kernels);
            assertThat(kernels.ready()).isEqualTo(1);
        }
    }

    @Test
    void oneOwnerCannotHoldMoreThanTheirShare(@TempDir Path other) {
        try (var kernels = Kernels.start(small())) {
            kernels.acquire("ada", workspace);

            assertThatThrownBy(() -> kernels.acquire("ada", other))
                    .isInstanceOf(KernelLimitException.class)
                    .hasMessageContaining("ada already has 1 kernels open");
        }
    }

    @Test
    void theServerCannotHoldMoreThanTheTotal() {
        try (var kernels = Kernels.start(small())) {
            kernels.acquire("ada", workspace);
            kernels.acquire("bob", workspace);

            assertThatThrownBy(() -> kernels.acquire("cyd", workspace))
                    .isInstanceOf(KernelLimitException.class)
                    .hasMessageContaining("All 2 kernels are in use");
        }
    }

    @Test
    void aShutDownKernelFreesItsPlace() throws Exception {
        try (var kernels = Kernels.start(small())) {
            var first = kernels.acquire("ada", workspace);
            first.shutdown();

            var second = kernels.acquire("ada", workspace);

            assertThat(second.isClosed()).isFalse();
            assertThat(first.execute("1", e -> { })).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("shut down");
        }
    }

    @Test
    void anIdleKernelIsReapedAndSaysSo() throws Exception {
        try (var kernels = Kernels.start(unpooled().with(small().timeouts().withIdle(Duration.ofMillis(300))))) {
            var kernel = kernels.acquire("ada", workspace);
            var news = new Events();
            kernel.onNews(news);
            long pid = kernel.pid().orElseThrow();

            var died = news.await(Event.KernelDied.class);

            assertThat(died.reason()).contains("shut down after 300 ms without use");
            assertThat(died.restarting()).isFalse();
            assertThat(kernel.isClosed()).isTrue();
            assertThat(kernels.kernels()).isEmpty();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        }
    }

    @Test
    void closingStopsEveryKernelAndRemovesTheirFiles() throws Exception {
        var kernels = Kernels.start(small());
        var kernel = kernels.acquire("ada", workspace);
        long inUse = kernel.pid().orElseThrow();
        long pooled = awaitReady(kernels);

        kernels.close();

        for (long pid : new long[] {inUse, pooled}) {
            var handle = ProcessHandle.of(pid);
            handle.ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        }
        assertThat(ProcessHandle.of(inUse).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(ProcessHandle.of(pooled).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(kernels.folder()).doesNotExist();
    }

    @Test
    void aBrokenClassPathFailsWithTheReasonInsteadOfHanging() {
        var broken = unpooled().with(small().launch().withJvmOptions(java.util.List.of("-XX:+NoSuchOption")));
        try (var kernels = Kernels.start(broken)) {
            assertThatThrownBy(() -> kernels.acquire("ada", workspace))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No kernel could be started")
                    .hasMessageContaining("NoSuchOption");
        }
    }

    /** The pid of a kernel waiting in the pool, once the pool is full. */
    private static long awaitReady(Kernels kernels) throws InterruptedException {
        assertThat(kernels.awaitPool(Duration.ofSeconds(60))).as("the pool filled").isTrue();
        return kernels.readyPids().get(0);
    }
}
