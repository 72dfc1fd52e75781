package dev.rampart.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerOptionsTest {

    @TempDir
    Path repo;

    @Test
    void defaultsToLoopbackPort8888AndTheRepositorysKatas() throws IOException {
        Files.createDirectories(repo.resolve("katas"));

        var options = ServerOptions.parse(new String[0], repo);

        assertThat(options.ip()).isEqualTo("127.0.0.1");
        assertThat(options.ipExplicit()).isFalse();
        assertThat(options.port()).isEqualTo(8888);
        assertThat(options.portRetries()).isEqualTo(20);
        assertThat(options.workspace()).isEqualTo(repo.resolve("katas").toAbsolutePath());
    }

    @Test
    void findsTheKatasFromInsideAModuleToo() throws IOException {
        Files.createDirectories(repo.resolve("katas"));
        var module = Files.createDirectories(repo.resolve("server"));

        assertThat(ServerOptions.parse(new String[0], module).workspace()).isEqualTo(repo.resolve("katas").toAbsolutePath());
    }

    @Test
    void anExplicitPortIsNotSilentlyMovedAndAnExplicitIpIsMarked() throws IOException {
        var options = ServerOptions.parse(new String[] {"--port", "9000", "--ip", "0.0.0.0", "--workspace", repo.toString()}, repo);

        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.portRetries()).isZero();
        assertThat(options.ipExplicit()).isTrue();
    }

    @Test
    void mistakesSayWhatToFix() {
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--port", "http"}, repo)).hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--bogus", "1"}, repo)).hasMessageContaining("Unknown option --bogus");
        assertThatThrownBy(() -> ServerOptions.parse(new String[0], repo)).hasMessageContaining("--workspace");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--workspace", repo.resolve("nope").toString()}, repo))
                .hasMessageContaining("not a folder");
    }

    @Test
    void dojoAndInterviewModes() throws IOException {
        var katas = Files.createDirectories(repo.resolve("katas"));

        var dojo = ServerOptions.parse(new String[] {"--dojo", repo.resolve("room").toString()}, repo);
        assertThat(dojo.dojo()).contains(repo.resolve("room").toAbsolutePath());
        assertThat(dojo.interview()).isEmpty();
        assertThat(dojo.acceptUnsandboxedKernels()).as("the risk is accepted only in so many words").isFalse();
        assertThat(ServerOptions.parse(new String[] {"--dojo", repo.resolve("room").toString(), "--accept-unsandboxed-kernels"},
                repo).acceptUnsandboxedKernels()).isTrue();
        var interview = ServerOptions.parse(new String[] {"--interview", "sql-injection", "--minutes", "30"}, repo);
        assertThat(interview.interview()).contains("sql-injection");
        assertThat(interview.minutes()).isEqualTo(30);
        assertThat(ServerOptions.parse(new String[] {"--interview", "sql-injection"}, repo).minutes()).isEqualTo(45);

        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--dojo", "a", "--interview", "b"}, repo)).hasMessageContaining("one mode");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--minutes", "5"}, repo)).hasMessageContaining("--interview");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--interview", "x", "--minutes", "0"}, repo)).hasMessageContaining("from 1");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--dojo", katas.resolve("room").toString()}, repo))
                .as("a dojo inside the katas would put the participants' links and work in the repository").hasMessageContaining("outside");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--dojo", repo.resolve("room").toString(), "--workspace", katas.toString()},
                repo)).as("a dojo hands out the katas as released, never a folder").hasMessageContaining("as released");
        assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--interview", "sql-injection", "--workspace", katas.toString()}, repo))
                .hasMessageContaining("as released");
    }
}
