package dev.rampart.kata.fileuploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.tika.Tika;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on an upload service that must keep images and PDF documents, and nothing else, in
 * its folder, and hand them back without turning them into pages that run script.
 *
 * <p>Every test uploads into a small web site built in a temporary folder (see {@link Site}).
 * An attack is judged by the harm it did, whatever the service answered:
 * <ul>
 *   <li>files of the site replaced or removed, and files written outside the upload folder
 *       (compared byte for byte with a snapshot taken before);</li>
 *   <li>a new file in the upload folder whose bytes Tika does not detect as PNG, JPEG, GIF or
 *       PDF (the type is read from the bytes alone, never the name), or that begins like an
 *       image but does not decode as one, or decodes into more pixels than Pillow will open
 *       (a decompression bomb; see {@link Pictures});</li>
 *   <li>a new file whose name a web server would run or read as configuration
 *       ({@link WebServers});</li>
 *   <li>a stored file that, served back, opens in a browser as a page running the attacker's
 *       script ({@link Browser});</li>
 *   <li>files left behind by an upload that was refused.</li>
 * </ul>
 * A refusal ({@link UploadRejected}, an {@link IOException}, or an
 * {@link IllegalArgumentException} for a name that cannot be a path) does no harm by itself.
 *
 * <p>Left out, with why: a NUL that reaches the file system ({@code shell.php\0.png} stored as
 * {@code shell.php}; the JDK refuses a NUL in a path, so it only bites after a cleanup, and
 * control-characters.txt covers that); {@code ..\} climbs and drive letters (Windows only;
 * on Linux and macOS "\" is part of a name); percent-encoded names ({@code %2e%2e%2f}: multipart
 * file names are not URL-decoded, and the path-traversal kata covers decoding); zip bombs and
 * decompression (the zip-slip kata); disk quotas and upload rates per user (they need accounts and a clock); malware
 * scanning (needs an engine such as ClamAV, not a library); a symbolic link planted in the
 * upload folder (this service cannot create one; the zip-slip kata can); a GIF that is also
 * JavaScript, loaded by {@code <script src>} (Fetch blocks script served with an image type, so
 * only the served type matters, and that is tested); a Content-Length that lies (the service
 * reads a stream and counts, it never trusts a length); a PDF that only begins like one
 * ({@code %PDF-} and then a page: telling needs a PDF parser such as PDFBox, which the kata does
 * not ship, so such a file is caught only by how it is served). A real image whose comment holds
 * a script is still an image; whether the service keeps the comment is its choice, so honest
 * uploads are compared picture to picture, not byte for byte.
 */
class UploadServiceTest {

    /** The cap every service in this suite is built with. */
    private static final long CAP = 1L << 20;
    /** How far past the cap a reader may get before it notices: one generous read buffer. */
    private static final long SLACK = 64 * 1024;
    /** What the service is for: the types Tika detects in the bytes of every file it keeps. */
    private static final Set<String> ACCEPTED = Set.of("image/png", "image/jpeg", "image/gif", "application/pdf");
    private static final Tika TIKA = new Tika();

    private static final String NAME_HINT = "the uploader's file name is a claim: store the file under a name the server chooses";
    private static final String CONTENT_HINT = "the name and the Content-Type are whatever the client typed: read the type from the bytes";
    private static final String SERVING_HINT = "serve a stored file with the type the service detected, never the one the uploader sent, "
            + "and so that a browser cannot open it as a page";

    @TempDir
    Path tmp;

    private Site site;
    private UploadService service;

    @BeforeEach
    void buildSite() {
        site = Site.build(tmp);
        service = new UploadService(site.uploads(), CAP);
    }

    // ---- honest use -------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} is stored and served back")
    @PayloadFile("file-uploads/legitimate-names.txt")
    void legitimateNames(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} is stored and served back")
    @PayloadFile("file-uploads/legitimate-international-names.txt")
    void internationalNames(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} is stored and served back")
    @PayloadFile("file-uploads/legitimate-extensions.txt")
    void legitimateExtensions(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} is stored and served back")
    @PayloadFile("file-uploads/legitimate-config-look-alikes.txt")
    void configLookAlikes(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} is stored beside alice.png and 2024/bob.png")
    @PayloadFile("file-uploads/legitimate-near-names.txt")
    void namesNextToTakenOnes(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} sent as {1} holding {2} is stored and served back")
    @PayloadFile("file-uploads/legitimate-content.txt")
    void legitimateContent(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} holding {2} is stored and served back")
    @PayloadFile("file-uploads/legitimate-annotated-images.txt")
    void imagesWithComments(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @ParameterizedTest(name = "{0} sent as {1} is stored and served back")
    @PayloadFile("file-uploads/legitimate-served-types.txt")
    void legitimateContentTypes(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, content);
    }

    @Test
    void theStoredFileDescribesTheUpload() throws Exception {
        var bytes = SampleFiles.content("{png}");

        var stored = service.store("avatar.png", "image/png", new ByteArrayInputStream(bytes));

        assertThat(stored.name()).isEqualTo("avatar.png");
        assertThat(stored.contentType()).isEqualTo("image/png");
        assertThat(stored.size()).as("the size of the file kept, as served back").isEqualTo(service.serve(stored.id()).body().length);
    }

    @Test
    void aFileOfExactlyTheCapIsAccepted() throws Exception {
        assertStoredAndServedBack("large.png", "image/png", SampleFiles.pngOfSize((int) CAP));
    }

    @Test
    void aTwelveMegapixelPhotoIsAccepted() throws Exception {
        // A phone camera's 4032 × 3024, as a blank black-and-white page so it stays small on the wire.
        var bytes = SampleFiles.blankPng(4032, 3024);

        var stored = service.store("IMG_0042.png", "image/png", new ByteArrayInputStream(bytes));

        assertThat(Pictures.declaredSize(service.serve(stored.id()).body()))
                .as("a 12-megapixel image must be kept, and served back at its size")
                .contains("4032 × 3024");
    }

    @Test
    void aFileOneByteOverTheCapIsRefused() {
        var bytes = SampleFiles.pngOfSize((int) CAP + 1);

        assertThatThrownBy(() -> service.store("large.png", "image/png", new ByteArrayInputStream(bytes)))
                .isInstanceOf(UploadRejected.class);
    }

    @Test
    void everyUploadIsKeptApart() throws Exception {
        var colours = List.of(Color.RED, Color.GREEN, Color.BLUE);
        var ids = new ArrayList<String>();
        for (var colour : colours) {
            ids.add(service.store("photo-" + ids.size() + ".png", "image/png", new ByteArrayInputStream(SampleFiles.png(colour))).id());
        }

        for (int i = 0; i < colours.size(); i++) {
            var served = Pictures.decode(service.serve(ids.get(i)).body());
            var uploaded = Pictures.decode(SampleFiles.png(colours.get(i))).orElseThrow();
            assertThat(served.filter(picture -> Pictures.samePicture(picture, uploaded)))
                    .as("upload %d of %d must be served back by its own id, %s", i + 1, colours.size(), ids.get(i))
                    .isPresent();
        }
    }

    @Test
    void aDownloadAnswersTheHeadersItCarriesAndNoOthers() throws Exception {
        var download = service.serve(service.store("avatar.png", "image/png", new ByteArrayInputStream(SampleFiles.png(Color.ORANGE))).id());

        assertThat(download.header("content-type"))
                .as("header names are matched regardless of case, as HTTP does")
                .isEqualTo(Optional.ofNullable(download.headers().get("Content-Type")))
                .isPresent();
        assertThat(download.header("X-Not-Sent")).as("a header the download does not carry").isEmpty();
    }

    @Test
    void anUnknownIdIsReportedAsMissing() {
        assertThatThrownBy(() -> service.serve("missing.png"))
                .as("a file that is not there is a 404: NoSuchFileException")
                .isInstanceOf(NoSuchFileException.class);
    }

    // ---- names ------------------------------------------------------------------------------

    @AttackFamily("a file name with ../ or an absolute path writes outside the upload folder")
    @PayloadFile("file-uploads/traversal-names.txt")
    void traversalNames(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, NAME_HINT);
    }

    @AttackFamily("an extension that slips past a blocklist lands a script a web server runs")
    @PayloadFile("file-uploads/executable-extensions.txt")
    void executableExtensions(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, NAME_HINT + ", with an extension taken from an allowlist of what the bytes are");
    }

    @AttackFamily("NUL and control characters hide an extension from the check")
    @PayloadFile("file-uploads/control-characters.txt")
    void controlCharacters(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, "the name that is checked must be the name that is stored; " + NAME_HINT);
    }

    @AttackFamily("an upload named .htaccess, .user.ini or web.config reconfigures the upload folder")
    @PayloadFile("file-uploads/server-config-names.txt")
    void serverConfigNames(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, NAME_HINT);
    }

    @AttackFamily("an upload under a taken name replaces a file already in the folder")
    @PayloadFile("file-uploads/overwrite-names.txt")
    void overwriteNames(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, NAME_HINT + ", and never replace a file that is there");
    }

    @Attack("a second upload under the same name replaces another user's file")
    void sameNameReplacesAnotherUsersFile() throws Exception {
        var alices = SampleFiles.png(Color.GREEN);
        var alice = service.store("avatar.png", "image/png", new ByteArrayInputStream(alices));

        var mallorys = SampleFiles.png(Color.RED);
        attempt("avatar.png", "image/png", new ByteArrayInputStream(mallorys));

        var served = Pictures.decode(service.serve(alice.id()).body());
        var shown = served.map(picture -> Pictures.samePicture(picture, Pictures.decode(mallorys).orElseThrow())
                ? "Mallory's picture" : "another picture").orElse("no picture");
        assertThat(served.filter(picture -> Pictures.samePicture(picture, Pictures.decode(alices).orElseThrow())))
                .as("Alice asked for her avatar and got %s; two uploads with the same name must be two files: %s", shown, NAME_HINT)
                .isPresent();
    }

    @AttackFamily("a right-to-left override in the name makes a program look like a picture in the upload list")
    @PayloadFile("file-uploads/disguised-names.txt")
    void disguisedNames(String name, String type, String content) {
        var stored = attempt(name, type, new ByteArrayInputStream(SampleFiles.content(content)));

        var shown = stored.map(StoredFile::name);
        assertThat(shown.filter(Predicate.not(UploadServiceTest::displayable)))
                .as("uploading \"%s\" is listed as \"%s\", which reads differently on screen from what it is; show a name "
                        + "without control and direction-changing characters, and never an empty one",
                        printable(name), shown.map(UploadServiceTest::printable).orElse(""))
                .isEmpty();
    }

    @Attack("an upload without a file name crashes the service")
    void noFileName() {
        var stored = attempt(null, "image/png", new ByteArrayInputStream(SampleFiles.png(Color.YELLOW)));

        assertThat(stored.map(StoredFile::name).filter(Predicate.not(UploadServiceTest::displayable)))
                .as("an upload without a name was listed as \"%s\"; show something a user can click",
                        stored.map(StoredFile::name).orElse(""))
                .isEmpty();
    }

    @Attack("a download id climbs out of the upload folder to the site's settings")
    void downloadIdClimbsOut() throws IOException {
        Optional<byte[]> served;
        try {
            served = Optional.of(service.serve("../site.properties").body());
        } catch (IOException | IllegalArgumentException refused) {
            served = Optional.empty();
        }
        Optional<Path> origin = served.flatMap(site::fileHolding);

        assertThat(origin.filter(file -> !file.startsWith(site.uploads())))
                .as("GET /uploads/../site.properties answered the contents of %s: serve only files the service stored, "
                        + "by an id it can check", origin.map(site::show).orElse("nothing"))
                .isEmpty();
    }

    // ---- content ----------------------------------------------------------------------------

    @AttackFamily("a page, a script or a program is stored as an image because the client said so")
    @PayloadFile("file-uploads/spoofed-content.txt")
    void spoofedContent(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, CONTENT_HINT + " (magic bytes) and keep only images and PDFs");
    }

    @Attack("an empty file is stored as an image")
    void emptyFile() throws IOException {
        assertNoHarm("avatar.png", "image/png", "", "an empty file is no image, whatever its name and type say: check what the bytes are");
    }

    @AttackFamily("a page or a script behind an image's first bytes is stored as that image")
    @PayloadFile("file-uploads/forged-signatures.txt")
    void forgedSignatures(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, "a signature proves what a file starts with, not what follows: "
                + "decode what claims to be an image, and keep the image you decoded");
    }

    @Attack("a PNG of 76 KB that inflates to 400 megapixels is stored for every browser to decode")
    void decompressionBomb() throws IOException {
        var before = site.snapshot();

        var stored = attempt("avatar.png", "image/png", new ByteArrayInputStream(SampleFiles.blankPng(20_000, 20_000)));

        assertThat(harmDone(before, stored))
                .as("uploading a 20,000 × 20,000 blank page %s; read the image's size from its header and refuse "
                        + "what is too large before decoding it", stored.map(s -> "was accepted as " + s.id()).orElse("was refused"))
                .isEmpty();
    }

    @AttackFamily("a valid image that is also a page or a script runs as one")
    @PayloadFile("file-uploads/polyglots.txt")
    void polyglots(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, "these bytes really are an image, so checking the type is not enough: "
                + NAME_HINT + ", and " + SERVING_HINT);
    }

    @AttackFamily("a file served back with the type it was uploaded with runs the attacker's script")
    @PayloadFile("file-uploads/dangerous-served-types.txt")
    void dangerousServedTypes(String name, String type, String content) throws IOException {
        assertNoHarm(name, type, content, SERVING_HINT);
    }

    // ---- size -------------------------------------------------------------------------------

    @Attack("a 16 GiB upload is read far past the cap before it is refused")
    void oversizedUploadIsCutOffWhileStreaming() throws IOException {
        var upload = new HugeUpload(SampleFiles.png(Color.RED), 16L << 30, 16 * CAP);
        var before = site.snapshot();

        var stored = attempt("huge.png", "image/png", upload);

        assertThat(upload.bytesRead())
                .as("the service read %,d bytes of a %,d-byte upload capped at %,d before %s; "
                                + "count the bytes as they arrive and stop at the cap, instead of measuring what was read",
                        upload.bytesRead(), upload.length(), CAP, stored.isPresent() ? "storing it" : "the client gave up")
                .isLessThanOrEqualTo(CAP + SLACK);
        assertThat(stored).as("an upload larger than the cap must be refused").isEmpty();
        assertThat(harmDone(before, stored)).as("the refused upload left this behind").isEmpty();
    }

    // ---- the oracle -------------------------------------------------------------------------

    /** Uploads the payload (placeholders filled in) and checks that it did no harm of any kind. */
    private void assertNoHarm(String name, String type, String content, String hint) throws IOException {
        var fileName = fill(name);
        var before = site.snapshot();

        var stored = attempt(fileName, type, new ByteArrayInputStream(SampleFiles.content(content)));

        assertThat(harmDone(before, stored))
                .as("uploading \"%s\" sent as %s %s; %s", printable(fileName), type,
                        stored.map(s -> "was accepted as " + printable(s.id())).orElse("was refused"), hint)
                .isEmpty();
    }

    /** Everything the upload changed for the worse, one line each. */
    private List<String> harmDone(Site.Snapshot before, Optional<StoredFile> stored) throws IOException {
        var harm = new ArrayList<String>();
        var changes = site.changesSince(before);
        changes.replaced().forEach(file -> harm.add("replaced " + site.show(file)));
        changes.removed().forEach(file -> harm.add("removed " + site.show(file)));
        changes.addedOutside().forEach(file -> harm.add("wrote " + site.show(file) + ", outside the upload folder"));
        for (var file : changes.addedInside()) {
            if (stored.isEmpty()) {
                harm.add("left " + site.show(file) + " behind, although the upload was refused");
                continue;
            }
            var bytes = Files.readAllBytes(file);
            var detected = TIKA.detect(bytes);
            if (!ACCEPTED.contains(detected)) {
                harm.add("stored " + printable(site.show(file)) + ", whose bytes are " + detected + ", not an image or a PDF");
            } else if (detected.startsWith("image/")) {
                Pictures.notAnImage(bytes, detected).ifPresent(why -> harm.add("stored " + printable(site.show(file)) + ", which " + why));
            }
            WebServers.readingsOf(file.getFileName().toString())
                    .forEach(reading -> harm.add("stored " + printable(site.show(file)) + ", which a web server would " + reading));
        }
        if (stored.isPresent()) {
            served(stored.get().id()).map(Browser::open).filter(Browser.Opened::runsScript).ifPresent(opened ->
                    harm.add("served it back so that a browser opening it is " + opened));
        }
        return harm;
    }

    /** What the service kept, or empty if it refused; a crash (a 500 the attacker can provoke at will) fails the case. */
    private Optional<StoredFile> attempt(String name, String type, InputStream content) {
        try {
            return Optional.of(service.store(name, type, content));
        } catch (UploadRejected | IOException | IllegalArgumentException refused) {
            return Optional.empty();
        } catch (RuntimeException crash) {
            return fail(("uploading \"%s\" crashed the service with %s (%s): the handler answers 500; refuse what you cannot "
                    + "store with UploadRejected").formatted(printable(String.valueOf(name)), crash.getClass().getSimpleName(),
                    crash.getMessage()), crash);
        }
    }

    private Optional<Download> served(String id) {
        try {
            return Optional.of(service.serve(id));
        } catch (IOException | IllegalArgumentException refused) {
            return Optional.empty();
        }
    }

    private void assertStoredAndServedBack(String name, String type, String content) throws Exception {
        assertStoredAndServedBack(name, type, SampleFiles.content(content));
    }

    /**
     * An honest upload must be kept, leave every other file alone, and come back as it went in:
     * the same picture (a service may encode an image's pixels again), or the same bytes.
     */
    private void assertStoredAndServedBack(String name, String type, byte[] bytes) throws Exception {
        var before = site.snapshot();

        var stored = service.store(name, type, new ByteArrayInputStream(bytes));
        var download = service.serve(stored.id());

        assertThat(name).as("the upload list must show the name the user gave, or its last part, not %s", stored.name())
                .endsWith(stored.name());
        var kind = TIKA.detect(bytes);
        var uploaded = kind.startsWith("image/") ? Pictures.decode(bytes) : Optional.<BufferedImage>empty();
        if (uploaded.isPresent()) {
            var served = Pictures.decode(download.body());
            assertThat(served).as("serving %s back must give an image the browser can show", name).isPresent();
            assertThat(Pictures.samePicture(uploaded.get(), served.get()))
                    .as("serving %s back must show the picture that was uploaded", name).isTrue();
        } else {
            assertThat(download.body()).as("serving %s back must give the bytes that were uploaded", name).isEqualTo(bytes);
        }
        var shown = Browser.computedType(download).orElse("nothing");
        assertThat(kind.equals("application/pdf") ? shown.equals(kind) : shown.startsWith("image/") && !shown.endsWith("+xml"))
                .as("a browser shows %s as %s, but it is %s", name, shown, kind)
                .isTrue();
        var changes = site.changesSince(before);
        assertThat(changes.replaced()).as("storing %s replaced files that were there", name).isEmpty();
        assertThat(changes.removed()).as("storing %s removed files that were there", name).isEmpty();
        assertThat(changes.addedOutside()).as("storing %s wrote outside the upload folder", name).isEmpty();
    }

    private String fill(String name) {
        return name.replace("{uploads}", site.uploads().toString()).replace("{site}", site.root().toString());
    }

    /**
     * True when a list can show the name as it is: something to read, and no character that
     * changes how the rest reads (controls, and Unicode's bidirectional overrides, embeddings,
     * isolates and marks, all of category Cf or Cc).
     */
    private static boolean displayable(String name) {
        return !name.isBlank() && name.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.FORMAT && Character.getDirectionality(c) != Character.DIRECTIONALITY_BOUNDARY_NEUTRAL);
    }

    /** The text with control and invisible characters written as \\uXXXX, so a report shows them. */
    private static String printable(String text) {
        var out = new StringBuilder();
        text.codePoints().forEach(c -> {
            var type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
