package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.InheritedSignals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * When the server goes, its kernels go: on Ctrl-C (its shutdown hook stops them) and even when it
 * is killed outright (each kernel sees its stdin close and exits by itself, and a sandbox dies
 * with its parent), and so does whatever a cell started. And a cell cannot make the server go.
 */
// Alone: it looks for leftover processes among all the machine's, and another class's kernels would look like orphans.
@Isolated
class NoOrphansTest {

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no SIGINT to send")
    void ctrlCStopsEveryKernel() throws Exception {
        InheritedSignals.assertCtrlCReachesChildren();
        var server = startProbe();
        try {
            var pids = pidsOf(server);

            new ProcessBuilder("kill", "-INT", String.valueOf(server.pid())).start().waitFor();

            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
            assertAllGone(pids);
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly); // a failed case leaves nothing running either
            server.destroyForcibly();
        }
    }

    @Test
    void killingTheServerOutrightStillLeavesNoKernel() throws Exception {
        var server = startProbe();
        var pids = pidsOf(server);

        server.destroyForcibly();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
        assertAllGone(pids);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
    void whatACellStartsDiesWhenTheServerIsKilledOutright() throws Exception {
        var marker = String.valueOf(600_000 + new java.util.Random().nextInt(100_000));
        var server = startProbe("new ProcessBuilder(\"sleep\", \"" + marker + "\").start().isAlive()");
        var pids = pidsOf(server);
        assertThat(line(server)).isEqualTo("cell true");
        assertThat(SandboxTest.sleeping(marker)).as("the cell's process runs").isNotEmpty();

        server.destroyForcibly();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exited").isTrue();
        assertAllGone(pids);
        for (var process : SandboxTest.sleeping(marker)) {
            process.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
        assertThat(SandboxTest.sleeping(marker)).as("what the cell started outlived the server").isEmpty();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
    void aCellCannotEndTheServer() throws Exception {
        // The issue's one line, and a search for the server by name. (Not "kill everything in
        // sight": without a sandbox that would end every process of the user running the tests.)
        var server = startProbe("ProcessHandle.current().parent().ifPresent(ProcessHandle::destroyForcibly);\n"
                + "var found = ProcessHandle.allProcesses()\n"
                + "        .filter(p -> p.info().commandLine().orElse(\"\").contains(\"OrphanProbe\")).toList();\n"
                + "found.forEach(ProcessHandle::destroyForcibly);\n"
                + "found.size() + \" found\"");
        pidsOf(server);

        var cell = line(server);
        var after = line(server);

        assertThat(cell).startsWith("cell ");
        assertThat(after).as("the server lived on after the cell (%s)", cell).isEqualTo("still here");
        assertThat(server.isAlive()).isTrue();
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * A sandbox stopped while it starts can leave its init outside the server's process tree
     * (bubblewrap arms the init's parent-death signal just after forking it). Such a process still
     * names its kernel's folder, and closing the kernels kills it; a process naming another folder
     * is left alone.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "setsid")
    void closingTheKernelsKillsWhatASandboxLeftOutsideTheirTree() throws Exception {
        var work = Files.createTempDirectory("rampart-strays");
        var defaults = KernelSettings.defaults();
        var launch = defaults.launch();
        var kernels = Kernels.start(defaults.with(defaults.pool().withSize(1)).with(new KernelSettings.Launch(launch.java(),
                launch.classPath(), launch.suiteClasses(), work, launch.environment(), launch.jvmOptions(), launch.isolation(),
                launch.classData())));
        ProcessHandle stray = null;
        ProcessHandle bystander = null;
        try {
            assertThat(kernels.awaitPool(Duration.ofSeconds(120))).as("the pool filled").isTrue();
            Path folder;
            try (var found = Files.find(work, 3, (path, attributes) -> attributes.isDirectory()
                    && path.getParent().getFileName().toString().equals("kernels"))) {
                folder = found.findFirst().orElseThrow();
            }
            stray = detached(folder.resolve("stray"));
            bystander = detached(work.resolve("elsewhere"));

            kernels.close();

            stray.onExit().completeOnTimeout(stray, 20, TimeUnit.SECONDS).join();
            assertThat(stray.isAlive()).as("the process naming the kernel's folder").isFalse();
            assertThat(bystander.isAlive()).as("a process naming another folder").isTrue();
        } finally {
            kernels.close();
            for (var process : new ProcessHandle[] {stray, bystander}) {
                if (process != null) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A process whose parent is not this JVM (it is reparented at once), with {@code file} in its arguments. */
    private static ProcessHandle detached(Path file) throws Exception {
        var setsid = new ProcessBuilder("setsid", "-f", "tail", "-F", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(setsid.waitFor(20, TimeUnit.SECONDS)).isTrue();
        // setsid -f returns once it has forked: the child is there, as setsid or already as tail.
        var named = ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(args -> Arrays.asList(args)
                .contains(file.toString())).orElse(false)).toList();
        assertThat(named).as("the detached process naming %s", file).hasSize(1);
        assertThat(named.get(0).parent().map(ProcessHandle::pid)).as("its parent").isNotEqualTo(Optional.of(ProcessHandle.current().pid()));
        return named.get(0);
    }

    private static Process startProbe(String... cell) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                OrphanProbe.class.getName()));
        command.addAll(List.of(cell));
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        READERS.put(process, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        return process;
    }

    private static final java.util.Map<Process, BufferedReader> READERS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The probe's next line of output, or null once it has ended. */
    private static String line(Process server) throws Exception {
        var reader = READERS.get(server);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(180, TimeUnit.SECONDS);
    }

    private static List<Long> pidsOf(Process server) throws Exception {
        var line = line(server);
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
