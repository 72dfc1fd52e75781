package dev.rampart.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this test JVM was started with SIGINT ignored. A shell does that to a command it puts in
 * the background ({@code (./mvnw verify &)}), every process started from it inherits it, and a JVM
 * that starts with SIGINT ignored never stops on Ctrl-C: a test that sends it to a server would
 * wait, then fail, for a reason that is not the server's.
 */
public final class InheritedSignals {

    private static final int SIGINT = 2;

    private InheritedSignals() {
    }

    /** Fails, saying why, when SIGINT reaches no process this test starts. */
    public static void assertCtrlCReachesChildren() throws IOException {
        assertThat(ignored(SIGINT))
                .as("this test run ignores SIGINT, and so does every server it starts: the build was started in the background"
                        + " with SIGINT ignored (as `(./mvnw verify &)` does); run it in the foreground")
                .isFalse();
    }

    private static boolean ignored(int signal) throws IOException {
        var status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> (mask & (1L << (signal - 1))) != 0);
    }
}
