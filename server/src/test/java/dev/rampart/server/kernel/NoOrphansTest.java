package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * When the server goes, its kernels go: on Ctrl-C (its shutdown hook stops them) and even when it
 * is killed outright (each kernel sees its stdin close and exits by itself).
 */
class NoOrphansTest {

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no SIGINT to send")
    void ctrlCStopsEveryKernel() throws Exception {
        var server = startProbe();
        var pids = pidsOf(server);

        new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).start().waitFor();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
        assertAllGone(pids);
    }

    @Test
    void killingTheServerOutrightStillLeavesNoKernel() throws Exception {
        var server = startProbe();
        var pids = pidsOf(server);

        server.destroyForcibly();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
        assertAllGone(pids);
    }

    private static Process startProbe() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static List<Long> pidsOf(Process server) throws Exception {
        var reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        var line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(120, TimeUnit.SECONDS);
        assertThat(line).as("the probe announced its kernels").startsWith("pids ");
        var pids = Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).toList();
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
        return pids;
    }

    private static void assertAllGone(List<Long> pids) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("kernel %d is gone", pid).isEmpty();
        }
    }
}
