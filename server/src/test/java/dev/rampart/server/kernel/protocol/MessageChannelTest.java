package dev.rampart.server.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.server.kernel.protocol.Event.Outcome;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire format: every message survives the trip; anything malformed is refused, not guessed. */
class MessageChannelTest {

    @TempDir
    Path dir;
    private SocketChannel raw;
    private MessageChannel sender;
    private MessageChannel receiver;

    @BeforeEach
    void connect() throws IOException {
        var address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            raw = SocketChannel.open(address);
            receiver = new MessageChannel(server.accept());
        }
        sender = new MessageChannel(raw);
    }

    @AfterEach
    void close() throws IOException {
        sender.close();
        receiver.close();
    }

    static Stream<Message> messages() {
        var kata = new KataRef(6, "path-traversal", "Serve files from one folder");
        return Stream.of(
                new Hello("t0ken", 42),
                new Request.Execute("k1-1", "int x = 1;\nx"),
                new Request.Complete("k1-2", "\"abc\".sub", 9),
                new Request.Inspect("k1-3", "List.of(1)", 6),
                new Request.Interrupt("k1-4"),
                new Request.Shutdown("k1-5"),
                new Request.Bind("k1-6", kata, "/work/katas"),
                new Request.RunAttacks("k1-7", kata, "/work/katas", "/work/katas/target/test-classes"),
                new Event.KernelReady("", 42, "17.0.15"),
                new Event.Stream("k1-1", StreamName.STDOUT, "héllo ✓\n"),
                new Event.DisplayData("k1-1", Map.of("text/plain", "x", "text/html", "<b>x</b>")),
                new Event.ExecuteResult("k1-1", 3, Map.of("text/plain", "42")),
                new Event.Failure("k1-1", "CompileError", "boom", List.of("cell:1:1: boom"),
                        List.of(new Diagnostic("cell", 1, 1, "boom"))),
                new Event.KataBuild("k1-6", "path-traversal", Status.OK, List.of(), 3, List.of("note")),
                new Event.CasesPlanned("k1-7", List.of(new Event.PlannedFamily("FileServerTest › x", true, 12),
                        new Event.PlannedFamily("serves a file", false, 1)), true),
                new Event.CaseStarted("k1-7", "[engine:junit-jupiter]", "FileServerTest › x", true, 0),
                new Event.CaseFinished("k1-7", "[engine:junit-jupiter]", "FileServerTest › x", true, Outcome.FELL,
                        "FAILED_BY_ASSERTION", "served /etc/passwd", 0),
                new Event.ExecuteReply("k1-1", Status.ABORTED, 3),
                new Event.CompleteReply("k1-2", List.of(new Completion("substring(", "String String.substring(int)")), 6, 9),
                new Event.InspectReply("k1-3", true, Map.of("text/plain", "doc")),
                new Event.BindReply("k1-6", Status.ERROR),
                new Event.AttacksReply("k1-7", Status.OK, "path-traversal", 5, 2, 3, 3, 812, ""),
                new Event.ShutdownReply("k1-5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void everyMessageSurvivesTheTrip(Message message) throws IOException {
        sender.send(message);

        assertThat(receiver.receive()).contains(message);
    }

    @Test
    void wireNamesFollowJupyter() {
        var json = Messages.toJson(new Event.ExecuteReply("k1-1", Status.OK, 7));

        assertThat(json).isEqualTo("{\"type\":\"execute_reply\",\"parent\":\"k1-1\",\"status\":\"ok\",\"execution_count\":7}");
    }

    @Test
    void theTokenNeverShowsInLogs() {
        assertThat(new Hello("s3cret-token", 7).toString()).doesNotContain("s3cret-token");
    }

    @Test
    void aCleanCloseBetweenFramesIsTheEnd() throws IOException {
        raw.close();

        assertThat(receiver.receive()).isEmpty();
    }

    @Test
    void aFrameCutShortIsAProtocolError() throws IOException {
        raw.write(ByteBuffer.allocate(6).putInt(100).put((byte) '{').put((byte) '"').flip());
        raw.close();

        assertThatThrownBy(receiver::receive).isInstanceOf(ProtocolException.class).hasMessageContaining("middle of a frame");
    }

    @Test
    void anImpossibleLengthIsAProtocolError() throws IOException {
        raw.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).flip());

        assertThatThrownBy(receiver::receive).isInstanceOf(ProtocolException.class).hasMessageContaining("frame length");
    }

    @Test
    void aNegativeLengthIsAProtocolError() throws IOException {
        raw.write(ByteBuffer.allocate(4).putInt(-1).flip());

        assertThatThrownBy(receiver::receive).isInstanceOf(ProtocolException.class);
    }

    static Stream<String> malformed() {
        return Stream.of(
                "not json at all",
                "{\"type\":\"no_such_message\",\"parent\":\"x\"}",
                "{\"type\":\"stream\",\"parent\":\"x\",\"name\":\"stdout\"}",
                "{\"type\":\"stream\",\"parent\":\"x\",\"name\":\"stdmiddle\",\"text\":\"t\"}",
                "{\"type\":\"stream\",\"parent\":\"x\",\"name\":\"stdout\",\"text\":\"t\",\"extra\":1}",
                "{\"type\":\"execute_reply\",\"parent\":\"x\",\"status\":\"ok\"}",
                "{\"type\":\"stream\",\"parent\":\"x\",\"name\":\"stdout\",\"text\":\"t\"} trailing",
                "[" .repeat(200) + "]".repeat(200));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void aMalformedMessageIsAProtocolError(String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        raw.write(ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip());

        assertThatThrownBy(receiver::receive).isInstanceOf(ProtocolException.class);
    }
}
