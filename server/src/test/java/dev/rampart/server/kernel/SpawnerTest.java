package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A start the caller gives up on (a pool closing interrupts its starters) leaves no process behind. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "looks for the process by its command line in /proc")
class SpawnerTest {

    @Test
    void anInterruptedStartKillsWhatTheSpawnerStartedAnyway() throws Exception {
        var marker = "600." + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999);
        try (var spawner = new Spawner()) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> spawner.start(new ProcessBuilder("sleep", marker))).isInstanceOf(IOException.class)
                        .hasMessageContaining("Interrupted");
                assertThat(Thread.currentThread().isInterrupted()).as("the caller's interrupt, kept").isTrue();
            } finally {
                Thread.interrupted();
            }
        }

        try {
            for (var process : sleeping(marker)) {
                process.onExit().completeOnTimeout(process, 10, TimeUnit.SECONDS).join();
            }
            assertThat(sleeping(marker)).as("a `sleep %s` the interrupted start left running", marker).isEmpty();
        } finally {
            sleeping(marker).forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aStartGoesThrough() throws Exception {
        try (var spawner = new Spawner()) {
            var process = spawner.start(new ProcessBuilder("true"));

            assertThat(process.waitFor()).isZero();
        }
    }

    private static List<ProcessHandle> sleeping(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.endsWith("sleep " + marker)).orElse(false)).toList();
    }
}
