package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A cell is hostile code, and its kernel runs in a sandbox: it cannot see the server's process
 * (nor its environment, output or memory), another participant's folder, a dojo's state, the
 * server's files or its network. Each test reads what an attacker would try to read, so none of
 * them can hurt the test run on code without a sandbox: there, they read it, and fail.
 * (Signalling the server, and outliving it, are {@link NoOrphansTest}'s: they need a server to lose.)
 */
// Alone: it lists every process the kernel can see, and another class's kernels would be among them.
@Isolated
@EnabledOnOs(value = OS.LINUX, disabledReason = "the sandbox is Linux namespaces")
@ExtendWith(SharedKernels.class)
class SandboxTest {

    private static final String SECRET = "server-only-value";

    @TempDir
    Path dojo;
    private Kernels kernels;
    private Kernel kernel;
    private Path mine;

    @BeforeEach
    void acquire(Kernels kernels) throws IOException {
        assertThat(kernels.isolation().sandboxed()).as("this host must allow the sandbox: %s", kernels.isolation().summary())
                .isTrue();
        this.kernels = kernels;
        mine = Fixture.workspace(Files.createDirectories(dojo.resolve("participants/p1")));
        kernel = kernels.acquire("p1", mine);
    }

    @AfterEach
    void release() {
        kernel.shutdown();
    }

    private String value(String code) throws Exception {
        var events = new Events();
        var reply = kernel.execute(code, events).get(90, TimeUnit.SECONDS);
        assertThat(reply.status()).as("the cell ran: %s", events.all()).isEqualTo(Status.OK);
        return events.of(Event.ExecuteResult.class).get(0).data().get("text/plain");
    }

    @Test
    void theServersProcessIsNotThereToSeeOrSignal() throws Exception {
        long server = ProcessHandle.current().pid();

        var seen = value("""
                var lines = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("?")).toList();
                List.of(ProcessHandle.of(%dL).isPresent(), lines.stream().filter(l -> l.contains("surefire")).count(), lines.size())"""
                .formatted(server));

        // Inside: bubblewrap's init (pid 1 there, the kernel's parent) and the kernel's JVM.
        assertThat(seen).as("whether the server's pid is there, how many test JVMs the cell sees, and how many processes")
                .isEqualTo("[false, 0, 2]");
    }

    @Test
    void theServersEnvironmentOutputAndMemoryCannotBeRead() throws Exception {
        assertThat(System.getenv("RAMPART_TEST_SECRET")).as("the build gives the server a secret to look for").isEqualTo(SECRET);
        long server = ProcessHandle.current().pid();

        var found = value("""
                var found = new ArrayList<String>();
                try (var entries = java.nio.file.Files.list(Path.of("/proc"))) {
                    for (var proc : entries.filter(p -> p.getFileName().toString().matches("\\\\d+")).toList()) {
                        for (var name : List.of("environ", "cmdline")) {
                            try {
                                if (new String(java.nio.file.Files.readAllBytes(proc.resolve(name))).contains("%s")) found.add(proc + "/" + name);
                            } catch (Exception unreadable) { }
                        }
                    }
                }
                for (var name : List.of("environ", "mem", "maps", "fd/1", "fd/2")) {
                    if (java.nio.file.Files.exists(Path.of("/proc/%d/" + name))) found.add("/proc/server/" + name);
                }
                found""".formatted(SECRET, server));

        assertThat(found).as("where the cell found the server's secret, or the server's environment, memory and output")
                .isEqualTo("[]");
    }

    @Test
    void aNeighboursFolderTheRoomsStateAndTheServersFilesAreNotThere() throws Exception {
        var neighbour = Files.createDirectories(dojo.resolve("participants/p2")).resolve("Secret.java");
        Files.writeString(neighbour, "class Secret { String answer = \"42\"; }");
        var state = Files.createDirectories(dojo.resolve("state")).resolve("dojo.json");
        Files.writeString(state, "{\"links\": [\"/?token=participant-link\"]}");
        var serverFile = Files.writeString(Files.createTempFile("rampart-server-file", ".txt"), SECRET);
        var bound = new Events();
        assertThat(kernel.bind(Fixture.KATA, bound).get(90, TimeUnit.SECONDS).status())
                .as("the kernel still compiles its own workspace's kata: %s", bound.all()).isEqualTo(Status.OK);

        try {
            var read = value("""
                    var read = new ArrayList<String>();
                    for (var file : List.of("%s", "%s", "%s", "%s")) {
                        try { read.add(file + ": " + java.nio.file.Files.readString(Path.of(file))); } catch (Exception e) { }
                    }
                    read""".formatted(neighbour, state, serverFile, dojo));

            assertThat(read).as("what the cell read of a neighbour, the room's state and the server's files").isEqualTo("[]");
        } finally {
            Files.delete(serverFile);
        }
    }

    @Test
    void theKernelWritesItsOwnWorkspace() throws Exception {
        var path = kernels.seenByKernels(mine).resolve("notes.txt");

        value("java.nio.file.Files.writeString(Path.of(\"%s\"), \"mine\")".formatted(path));

        assertThat(mine.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void theServersNetworkIsNotThereButTheKernelsOwnLoopbackIs() throws Exception {
        try (var listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var reached = value("""
                    String outside;
                    try (var s = new java.net.Socket("127.0.0.1", %d)) { outside = "reached the server's port"; }
                    catch (java.io.IOException e) { outside = "refused"; }
                    String own;
                    try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                         var client = new java.net.Socket("127.0.0.1", server.getLocalPort())) { own = "own loopback works"; }
                    outside + ", " + own""".formatted(listening.getLocalPort()));

            assertThat(reached).isEqualTo("\"refused, own loopback works\"");
        }
    }

    @Test
    void whatACellStartsDiesWithItsKernel() throws Exception {
        var marker = String.valueOf(600_000 + new java.util.Random().nextInt(100_000));
        value("new ProcessBuilder(\"sleep\", \"%s\").start().isAlive()".formatted(marker));
        assertThat(sleeping(marker)).as("the cell's process runs").isNotEmpty();

        kernel.restart().get(90, TimeUnit.SECONDS);

        for (var process : sleeping(marker)) {
            process.onExit().orTimeout(20, TimeUnit.SECONDS).join();
        }
        assertThat(sleeping(marker)).as("what the cell started outlived its kernel").isEmpty();
    }

    static java.util.List<ProcessHandle> sleeping(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.endsWith("sleep " + marker)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Test
    void theKernelsTemporaryFolderIsItsOwn() throws Exception {
        var hostTemp = Files.createTempFile("rampart-host-temp", ".txt");
        try {
            var seen = value("java.nio.file.Files.exists(Path.of(\"%s\")) + \" \" + java.nio.file.Files.writeString(java.nio.file.Files.createTempFile(\"k\", \".txt\"), \"x\").getParent()"
                    .formatted(hostTemp));

            assertThat(seen).as("a file in the server's temporary folder, and where the kernel's own go")
                    .isEqualTo("\"false /tmp\"");
        } finally {
            Files.delete(hostTemp);
        }
    }
}
