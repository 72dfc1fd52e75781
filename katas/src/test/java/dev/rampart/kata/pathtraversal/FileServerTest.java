package dev.rampart.kata.pathtraversal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on a handler that must serve the files under one folder, and nothing else.
 *
 * <p>Every test builds a real tree in a temporary folder:
 * <pre>
 * secret.txt                the file the attacker is after, beside the served folder
 * uploads/                  the served folder
 *   notes.txt, docs/readme.txt, a b.txt, v1..2.txt, café.txt, ...
 *   current.txt  → docs/readme.txt    a link to a file that stays inside
 *   manual/      → docs/guides/       a link to a folder that stays inside
 *   latest.txt   → ../secret.txt      a link to a file that leads out
 *   shared/      → ../private/        a link to a folder that leads out
 * private/keys.txt          a second secret, reached through the linked folder
 * uploads-evil/secret.txt   a sibling whose name begins with the served folder's
 * </pre>
 * Every file holds different text, so the bytes the server answers say which file they came
 * from. The oracle: that file's real path lies under the served folder's real path. A refusal
 * (any {@link IOException}, the way a handler answers 403 or 404) leaks nothing; an unchecked
 * exception is a 500, a crash the attacker can provoke at will, and fails the case.
 *
 * <p>Payload files may hold two placeholders, replaced before the request is made:
 * {@code {root}}, the served folder's absolute path (stack traces and deploy docs reveal it),
 * and {@code {secret}}, the secret's absolute path (for payloads that climb to "/" and come back
 * down, as {@code ../../../etc/passwd} does).
 *
 * <p>NUL bytes ({@code ../secret.txt%00.png}), IIS's {@code %u002e} and broken escapes
 * ({@code %zz}) cannot reach a file through any Java server (the JDK refuses a NUL in a path,
 * {@code URLDecoder} rejects the rest), but they do crash a handler that lets those refusals
 * escape as unchecked exceptions: they are the malformed family. Left out, because they prove
 * nothing here: overlong UTF-8 ({@code %c0%ae}; the JDK's decoder makes it U+FFFD, not a dot) and
 * {@code ....//} (it beats filters that delete "../" once; this server deletes nothing). Drive letters and UNC paths are Windows-only; the suite needs a
 * file system with symbolic links (Linux, macOS). On those, "\" is a name character, but this
 * server treats it as a separator (see legitimate-paths.txt), so backslashes are a family here.
 */
class FileServerTest {

    /** Files under the served folder, beside the two links the tree adds. */
    private static final List<String> SERVED_FILES = List.of(
            "notes.txt", "docs/readme.txt", "docs/guides/set up.txt", "a b.txt",
            "v1..2.txt", "..draft.txt", "café.txt", "日本語.txt");

    private static final String CLIMB = "judge where the request lands once it is decoded and its '..' applied, not how its text begins";

    @TempDir
    Path tmp;

    private Path root;
    private Path realRoot;
    private Path secret;
    private FileServer server;

    @BeforeEach
    void buildTree() throws IOException {
        root = Files.createDirectory(tmp.resolve("uploads"));
        secret = write(tmp.resolve("secret.txt"));
        write(tmp.resolve("uploads-evil/secret.txt"));
        for (var name : SERVED_FILES) {
            if (fileSystemCanName(name)) {
                write(root.resolve(name));
            }
        }
        Files.createSymbolicLink(root.resolve("current.txt"), Path.of("docs", "readme.txt"));
        Files.createSymbolicLink(root.resolve("manual"), Path.of("docs", "guides"));
        Files.createSymbolicLink(root.resolve("latest.txt"), secret);
        Files.createSymbolicLink(root.resolve("shared"), write(tmp.resolve("private/keys.txt")).getParent());
        realRoot = root.toRealPath();
        server = new FileServer(root);
    }

    @AttackFamily("../ climbs out of the served folder")
    @PayloadFile("path-traversal/dot-dot.txt")
    void dotDot(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @AttackFamily("percent-encoded dots and slashes (%2e%2e%2f) climb out of the served folder")
    @PayloadFile("path-traversal/encoded.txt")
    void encoded(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @AttackFamily("double-encoded dots and slashes (%252e%252e%252f) climb out of the served folder")
    @PayloadFile("path-traversal/double-encoded.txt")
    void doubleEncoded(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @AttackFamily("an absolute path that begins with the served folder climbs out of it")
    @PayloadFile("path-traversal/absolute.txt")
    void absolute(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @AttackFamily("backslashes (..\\) climb out of the served folder")
    @PayloadFile("path-traversal/backslash.txt")
    void backslash(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @Attack("a sibling folder whose name begins with the served folder's name is served")
    void siblingPrefix() throws IOException {
        assertNothingLeaks("../uploads-evil/secret.txt",
                "uploads-evil begins with the same letters as uploads, yet it is not inside it");
    }

    @Attack("a link inside the served folder serves the file it points to outside")
    void symlinkOut() throws IOException {
        assertNothingLeaks("latest.txt", "a link can point anywhere: judge where the file really is");
    }

    @Attack("a linked folder inside the served folder serves the files of the folder it points to outside")
    void symlinkedFolderOut() throws IOException {
        assertNothingLeaks("shared/keys.txt",
                "any folder on the way can be a link, not only the file's own name: follow every link, then judge where the file really is");
    }

    @AttackFamily("malformed escapes and NUL bytes crash the handler (a 500) instead of being refused")
    @PayloadFile("path-traversal/malformed.txt")
    void malformed(String payload) throws IOException {
        assertNothingLeaks(payload, CLIMB);
    }

    @Attack("probing outside the served folder tells which files exist there")
    void probeOutside() {
        // Existing and missing files outside, spelled alike: a refusal that differs (403 for one,
        // 404 for the other) maps the disk beyond the folder, file by file.
        var probes = List.of("../secret.txt", "../no-such-file.txt", "../uploads-evil/secret.txt",
                "../uploads-evil/no-such-file.txt", "../private", "../../no-such-folder/x.txt");
        var answers = new LinkedHashMap<String, String>();
        probes.forEach(probe -> answers.put(probe, answer(probe)));
        assertThat(answers)
                .as("GET /files/<path outside> must be refused the same way whether or not the file exists there; "
                        + "refuse on the path's names before asking the disk about it")
                .allSatisfy((probe, answer) -> assertThat(answer).as("GET /files/%s", probe).isEqualTo(answers.get(probes.get(0))))
                .allSatisfy((probe, answer) -> assertThat(answer).as("GET /files/%s", probe).startsWith("refused"));
    }

    @ParameterizedTest(name = "{0} serves {1}")
    @PayloadFile("path-traversal/legitimate-paths.txt")
    void servesLegitimatePaths(String request, String file) throws IOException {
        assumeThat(fileSystemCanName(file))
                .as("this JVM cannot name the file %s: run it with a UTF-8 locale (LANG=C.UTF-8)", file)
                .isTrue();
        assertThat(download(server, request))
                .as("GET /files/%s must answer the contents of %s", request, file)
                .isEqualTo(Files.readAllBytes(root.resolve(file)));
    }

    @Test
    void servesAFolderReachedThroughALink() throws IOException {
        // Deploy tools point a "current" link at the release being served.
        var current = Files.createSymbolicLink(tmp.resolve("current"), root);

        assertThat(download(new FileServer(current), "docs/readme.txt"))
                .as("a folder served through a link must serve its own files")
                .isEqualTo(Files.readAllBytes(root.resolve("docs/readme.txt")));
    }

    @Test
    void aMissingFileIsReportedAsMissing() {
        assertThatThrownBy(() -> server.read("docs/missing.txt"))
                .as("a missing file is a 404: NoSuchFileException")
                .isInstanceOf(NoSuchFileException.class);
    }

    /**
     * Sends the request (placeholders filled in) and checks that whatever came back is the
     * contents of a file really under the served folder.
     */
    private void assertNothingLeaks(String payload, String hint) throws IOException {
        var request = payload.replace("{root}", root.toString()).replace("{secret}", secret.toString());
        Optional<byte[]> served = serve(request);
        if (served.isEmpty()) {
            return;
        }
        Optional<Path> origin = fileHolding(served.get());
        assertThat(origin)
                .as("GET /files/%s answered %d bytes that are no file of the served folder; %s",
                        request, served.get().length, hint)
                .isPresent();
        assertThat(origin.get())
                .as("GET /files/%s answered the contents of %s, outside the served folder %s; %s",
                        request, origin.get(), realRoot, hint)
                .startsWithRaw(realRoot);
    }

    /** What the server answers, or empty if it refused; a crash fails the case. */
    private Optional<byte[]> serve(String request) {
        try {
            return Optional.of(server.read(request));
        } catch (IOException refused) {
            return Optional.empty();
        } catch (RuntimeException crash) {
            return fail(("GET /files/%s crashed with %s (%s): the handler answers 500, and an attacker can "
                    + "provoke that at will; answer a request that does not decode to a valid path with a refusal "
                    + "(an IOException such as AccessDeniedException)").formatted(request, crash.getClass().getSimpleName(),
                    crash.getMessage()), crash);
        }
    }

    /** An honest download: a refusal or a crash fails the case, saying what was refused. */
    private static byte[] download(FileServer server, String request) {
        try {
            return server.read(request);
        } catch (IOException | RuntimeException refused) {
            return fail("GET /files/%s was refused with %s (%s): honest downloads must keep working"
                    .formatted(request, refused.getClass().getSimpleName(), refused.getMessage()), refused);
        }
    }

    /** How the server answers, as the attacker sees it: bytes served, or the kind of refusal. */
    private String answer(String request) {
        try {
            return "served " + server.read(request).length + " bytes";
        } catch (IOException refused) {
            return "refused: " + refused.getClass().getSimpleName();
        } catch (RuntimeException crash) {
            return "crashed: " + crash.getClass().getSimpleName();
        }
    }

    /** The real path of the file in the tree that holds exactly these bytes. */
    private Optional<Path> fileHolding(byte[] bytes) throws IOException {
        try (Stream<Path> files = Files.walk(tmp)) {
            for (var file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (Arrays.equals(Files.readAllBytes(file), bytes)) {
                    return Optional.of(file.toRealPath());
                }
            }
        }
        return Optional.empty();
    }

    /** Writes a file whose text names it, so bytes read back say where they came from. */
    private Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "the contents of " + tmp.relativize(file) + "\n");
    }

    /** False when this JVM's locale cannot encode the name (LANG=C on Linux). */
    private static boolean fileSystemCanName(String name) {
        try {
            Path.of(name);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
