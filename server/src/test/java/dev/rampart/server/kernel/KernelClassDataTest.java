package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data kernels share (a CDS archive, {@link KernelClassData}): written once by a
 * training kernel, used by every kernel started after it, read-only to them, and harmless when
 * it is damaged.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
class KernelClassDataTest {

    @TempDir
    Path cache;
    @TempDir
    Path workspace;

    private KernelSettings settings(List<String> jvmOptions) {
        var defaults = SharedKernels.settings();
        return defaults.with(new KernelSettings.Pool(0, 4, 4))
                .with(defaults.launch().withJvmOptions(jvmOptions).withClassData(Optional.of(cache.resolve("kernels"))));
    }

    @Test
    void aKernelStartedAfterTrainingMapsTheArchiveAndCannotWriteIt() throws Exception {
        // -Xshare:on: a kernel that cannot map the archive does not start, so a cell that runs proves it mapped.
        try (var kernels = Kernels.start(settings(List.of("-Xshare:on")))) {
            kernels.classDataTrained().get(4, TimeUnit.MINUTES);
            var archives = archives();
            assertThat(archives).as("the archive the training kernel wrote").singleElement()
                    .satisfies(a -> assertThat(Files.size(a)).isGreaterThan(1_000_000));
            var kernel = kernels.acquire("learner", Fixture.workspace(workspace));

            var seen = value(kernel, """
                    var options = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
                    String written;
                    try {
                        java.nio.file.Files.write(java.nio.file.Path.of("%s"), new byte[] {1, 2, 3});
                        written = "written";
                    } catch (Exception refused) {
                        written = "refused";
                    }
                    options.contains("-XX:SharedArchiveFile=%s") + " " + written""".formatted(archives.get(0), archives.get(0)));

            assertThat(seen).isEqualTo("\"true refused\"");
            assertThat(Files.size(archives.get(0))).isGreaterThan(1_000_000);
            kernel.shutdown();
        }
    }

    @Test
    void aDamagedArchiveIsIgnoredAndKernelsStillStart() throws Exception {
        var damaged = settings(List.of());
        var archive = KernelClassData.open(damaged, Files.createDirectories(cache.resolve("own"))).archive().orElseThrow();
        Files.write(archive, "not an archive".repeat(1000).getBytes());

        try (var kernels = Kernels.start(damaged)) {
            var kernel = kernels.acquire("learner", Fixture.workspace(workspace));

            assertThat(value(kernel, "6 * 7")).isEqualTo("42");
            assertThat(archives()).as("a damaged archive is left for the JVM to refuse, not trained again").containsExactly(archive);
            kernel.shutdown();
        }
    }

    private List<Path> archives() throws Exception {
        try (var files = Files.list(cache.resolve("kernels"))) {
            return files.filter(f -> f.toString().endsWith(".jsa")).toList();
        }
    }

    private static String value(Kernel kernel, String code) throws Exception {
        var events = new Events();
        var reply = kernel.execute(code, events).get(90, TimeUnit.SECONDS);
        assertThat(reply.status()).as("the cell ran: %s", events.all()).isEqualTo(Status.OK);
        return events.of(Event.ExecuteResult.class).get(0).data().get("text/plain");
    }
}
