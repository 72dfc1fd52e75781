package dev.rampart.kata.zipslip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.zipslip.TestArchive.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Attacks on the extractor behind a theme upload: an archive must unpack under its destination
 * folder, and nowhere else, and only as far as the limits allow.
 *
 * <p>Every case builds the victim's world in a temporary folder, once per archive format:
 * <pre>
 * srv/config.properties    the file an archive would overwrite (the app's settings)
 * srv/site/                the destination: where the theme is unpacked
 * srv/site-evil/index.html a neighbour whose name begins with the destination's
 * </pre>
 * The archives are written with Commons Compress's own writers (see {@link TestArchive}), as
 * zip, tar and tar.gz where the format can hold the trick. The oracles look at the disk, never
 * at messages: every file, folder and link outside the destination is the same after the
 * extraction as before it; every link under the destination, followed, stays under it; no file
 * under it is a hard link to one outside; the bytes and entries written stay within the limits.
 * A refusal is any {@link IOException} (an upload answered 400); an unchecked exception is a
 * crash and fails the case.
 *
 * <p>Payload files may hold two placeholders: {@code {dest}}, the destination's absolute path,
 * and {@code {world}}, the folder that holds {@code srv/}. Entry names never climb past the
 * test's temporary folder, or climb to "/" and come back down into the world: no case writes
 * outside its temporary folder, not even on the vulnerable starter.
 */
class ArchiveExtractorTest {

    /** Small limits, so that a bomb is a few megabytes: 100 entries, 1 MiB, 100 to 1. */
    static final ExtractionLimits LIMITS = new ExtractionLimits(100, 1 << 20, 100);

    private static final String PLACE = "judge the path the entry will really be written to, once backslashes are "
            + "turned and '..' applied, as a Path under the destination, not as a string that begins like it";
    private static final String LINKS = "a link can point anywhere: check where its target leads, and create links "
            + "only once no more files will be written, then follow them all";

    @TempDir
    Path tmp;

    private Path uploads;
    private int archives;

    @BeforeEach
    void uploadsFolder() throws IOException {
        uploads = Files.createDirectory(tmp.toRealPath().resolve("uploads"));
    }

    // ---------------------------------------------------------------- names that climb out

    @AttackFamily("an entry named ../ climbs out of the destination")
    @PayloadFile("zip-slip/dot-dot.txt")
    void dotDot(String name) throws IOException {
        assertNamedEntryStaysInside(name, Format.ZIP, Format.TAR);
    }

    @AttackFamily("an entry named ..\\ (as Windows tools write it) climbs out of the destination")
    @PayloadFile("zip-slip/backslash.txt")
    void backslash(String name) throws IOException {
        assertNamedEntryStaysInside(name, Format.ZIP, Format.TAR);
    }

    @AttackFamily("an absolute entry name that begins with the destination's path lands outside it")
    @PayloadFile("zip-slip/absolute.txt")
    void absolute(String name) throws IOException {
        assertNamedEntryStaysInside(name, Format.ZIP, Format.TAR);
    }

    @Attack("an entry climbs into a neighbour folder whose name begins with the destination's name")
    void siblingPrefix() throws IOException {
        for (Format format : List.of(Format.ZIP, Format.TAR)) {
            var world = World.build(tmp, format);
            var archive = TestArchive.of().file("../site-evil/defaced.html", "<h1>defaced</h1>");
            world.extract(write(archive, format));
            world.assertNothingOutsideChanged(
                    "site-evil begins with the same letters as site, yet it is not inside it: compare Paths, not strings");
        }
    }

    @AttackFamily("an entry named after a Windows drive (C:\\...) is unpacked instead of refused")
    @PayloadFile("zip-slip/windows-drives.txt")
    void windowsDrive(String name) throws IOException {
        for (Format format : List.of(Format.ZIP, Format.TAR)) {
            var world = World.build(tmp, format);
            var archive = TestArchive.of().file(world.fill(name), "planted by the archive");
            Outcome outcome = world.extract(write(archive, format));
            world.assertNothingOutsideChanged(PLACE);
            assertThat(outcome.refused())
                    .as("%s: the %s entry %s was unpacked to %s; on a Windows server a drive letter makes the name "
                            + "absolute, so an archive that uses one is refused wherever it is unpacked",
                            format, format, name, outcome.written())
                    .isTrue();
        }
    }

    // ---------------------------------------------------------------- links

    @Attack("a link in the archive points at a file outside the destination")
    void linkToAFileOutside() throws IOException {
        assertLinksStayInside(TestArchive.of().file("css/site.css", "body {}")
                .link("theme.properties", "../config.properties"), Format.ZIP, Format.TAR);
    }

    @Attack("a link in the archive points at an absolute path outside the destination")
    void absoluteLink() throws IOException {
        for (Format format : List.of(Format.ZIP, Format.TAR)) {
            var world = World.build(tmp, format);
            world.extract(write(TestArchive.of().link("settings", world.fill("{world}/srv/config.properties")), format));
            world.assertNothingOutsideChanged(LINKS);
            world.assertLinksInside(LINKS);
        }
    }

    @Attack("a link to a folder outside, then a file written through it, overwrites the app's settings")
    void writeThroughALink() throws IOException {
        assertLinksStayInside(TestArchive.of()
                .link("up", "../..")
                .file("up/srv/config.properties", "admin.password=letmein"), Format.ZIP, Format.TAR);
    }

    @Attack("two links that each stay inside, chained, lead outside the destination")
    void chainedLinks() throws IOException {
        // a/b/up -> ../.. is the destination itself; e -> a/b/up/.. looks like a/b, but the
        // system follows up first, so e is the destination's parent.
        assertLinksStayInside(TestArchive.of()
                .folder("a/b")
                .link("a/b/up", "../..")
                .link("e", "a/b/up/.."), Format.ZIP, Format.TAR);
    }

    @Attack("chained links that look inside, then a file written through them, overwrite the app's settings")
    void writeThroughChainedLinks() throws IOException {
        assertLinksStayInside(TestArchive.of()
                .folder("a/b")
                .link("a/b/up", "../..")
                .link("e", "a/b/up/..")
                .file("e/config.properties", "admin.password=letmein"), Format.ZIP, Format.TAR);
    }

    @Attack("a hard link in a tar shares the bytes of a file outside the destination")
    void hardLinkOutside() throws IOException {
        assertLinksStayInside(TestArchive.of().hardLink("theme.properties", "../config.properties"), Format.TAR);
    }

    // ---------------------------------------------------------------- collisions

    @AttackFamily("two entries land on one file, silently or on macOS and Windows")
    @PayloadFile("zip-slip/collisions.txt")
    void collisions(String first, String second) throws IOException {
        for (Format format : List.of(Format.ZIP, Format.TAR)) {
            var world = World.build(tmp, format);
            var archive = TestArchive.of().file(first, "reviewed: " + first).file(second, "swapped in: " + second);
            Outcome outcome = world.extract(write(archive, format));
            Map<String, List<String>> byFoldedName = world.treeUnderDestination().stream()
                    .collect(Collectors.groupingBy(ArchiveExtractorTest::folded, TreeMap::new, Collectors.toList()));
            assertThat(byFoldedName.values())
                    .as("%s: the destination holds paths that are one file on macOS (Unicode-normalizing) and Windows "
                            + "(case-insensitive): %s; refuse an archive whose names collide once case and Unicode "
                            + "normalization are folded", format, byFoldedName)
                    .allSatisfy(paths -> assertThat(paths).hasSize(1));
            if (!outcome.refused()) {
                for (String[] file : archive.files()) {
                    Path path = world.destination().resolve(file[0]).normalize();
                    assertThat(Files.readString(path))
                            .as("%s: entry %s was silently replaced by a later entry that names the same file: refuse "
                                    + "an archive in which two entries name one file", format, file[0])
                            .isEqualTo(file[1]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- bombs

    @Attack("a zip whose headers declare a few bytes unpacks to megabytes")
    void zipThatLiesAboutItsSize() throws IOException {
        var world = World.build(tmp, Format.ZIP);
        Path zip = TestArchive.of().file("fonts/display.woff2", new byte[4 << 20]).zipDeclaring(nextUpload(), 1000);
        assertBounded(world, zip, "the sizes in a zip's headers are whatever its maker wrote: count the bytes as they "
                + "are written, and stop at the limit");
    }

    @Attack("a zip whose headers declare a modest ratio unpacks to hundreds of times its size")
    void zipThatLiesAboutItsRatio() throws IOException {
        var world = World.build(tmp, Format.ZIP);
        Path zip = TestArchive.of().file("img/blank.bmp", new byte[512 << 10]).zipDeclaring(nextUpload(), 1000);
        assertBounded(world, zip, "512 KiB is under the total limit, but not under 100 times the archive's size: "
                + "measure the ratio from the bytes written and the archive's real size");
    }

    @Attack("a tar.gz of zeros unpacks to hundreds of times its size")
    void gzipRatioBomb() throws IOException {
        var world = World.build(tmp, Format.TAR_GZ);
        Path archive = write(TestArchive.of().file("img/blank.bmp", new byte[512 << 10]), Format.TAR_GZ);
        assertBounded(world, archive, "a tar.gz has no declared sizes to trust: its ratio shows only as it streams");
    }

    @Attack("a tar of files that are each under the limit unpacks past the total limit")
    void manyFilesPastTheTotal() throws IOException {
        var world = World.build(tmp, Format.TAR);
        var archive = TestArchive.of();
        for (int i = 0; i < 6; i++) {
            archive.file("img/photo-" + i + ".jpg", noise(200 << 10, i));
        }
        assertBounded(world, write(archive, Format.TAR),
                "each file is under 1 MiB, all six are not: the limit is on the archive's total, across entries");
    }

    @Attack("a tar of hundreds of empty files exhausts the destination's entries")
    void tooManyFiles() throws IOException {
        var archive = TestArchive.of();
        for (int i = 0; i < 3 * LIMITS.maxEntries(); i++) {
            archive.file("icon-" + i + ".svg", "");
        }
        assertEntriesBounded(archive);
    }

    @Attack("a tar of hundreds of empty folders exhausts the destination's entries")
    void tooManyFolders() throws IOException {
        var archive = TestArchive.of();
        for (int i = 0; i < 3 * LIMITS.maxEntries(); i++) {
            archive.folder("cache-" + i);
        }
        assertEntriesBounded(archive);
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "a theme unpacks from a {0}")
    @EnumSource(Format.class)
    void unpacksATheme(Format format) throws IOException {
        var world = World.build(tmp, format);
        byte[] logo = noise(3000, 7);
        var theme = TestArchive.of()
                .folder("css")
                .file("css/site.css", "body { margin: 0 }")
                .file("css/v1..2.css", "/* the old release */")
                .file("..notes.txt", "a name that begins with two dots")
                .file("img/logo.png", logo)
                .file("fonts/Fira Sans.woff2", "font bytes")
                .folder("layouts/partials")
                .link("current.css", "css/site.css")
                .link("assets", "img")
                .link("css/logo.png", "../img/logo.png");
        List<Path> written = world.unpack(write(theme, format));

        Path dest = world.destination();
        assertThat(Files.readString(dest.resolve("css/site.css"))).isEqualTo("body { margin: 0 }");
        assertThat(Files.readString(dest.resolve("css/v1..2.css"))).isEqualTo("/* the old release */");
        assertThat(Files.readString(dest.resolve("..notes.txt"))).isEqualTo("a name that begins with two dots");
        assertThat(Files.readString(dest.resolve("fonts/Fira Sans.woff2"))).isEqualTo("font bytes");
        assertThat(dest.resolve("layouts/partials")).isDirectory();
        assertThat(Files.readSymbolicLink(dest.resolve("current.css"))).as("a link inside the theme is kept as a link")
                .isEqualTo(Path.of("css/site.css"));
        assertThat(Files.readString(dest.resolve("current.css"))).isEqualTo("body { margin: 0 }");
        assertThat(Files.readAllBytes(dest.resolve("assets/logo.png"))).as("a linked folder inside the theme").isEqualTo(logo);
        assertThat(Files.readAllBytes(dest.resolve("css/logo.png"))).as("a link whose '..' stays inside").isEqualTo(logo);
        assertThat(written).as("the files and links written").containsExactlyInAnyOrder(
                Stream.of("css/site.css", "css/v1..2.css", "..notes.txt", "img/logo.png", "fonts/Fira Sans.woff2",
                        "current.css", "assets", "css/logo.png").map(dest::resolve).toArray(Path[]::new));
        world.assertNothingOutsideChanged("an honest theme writes only under the destination");
    }

    @ParameterizedTest(name = "{0} unpacks to {1}")
    @PayloadFile("zip-slip/legitimate-names.txt")
    void unpacksLegitimateNames(String name, String path) throws IOException {
        for (Format format : List.of(Format.ZIP, Format.TAR)) {
            var world = World.build(tmp, format);
            world.unpack(write(TestArchive.of().file(name, "the file " + path), format));
            assertThat(world.destination().resolve(path)).as("%s: the entry %s", format, name)
                    .hasContent("the file " + path);
        }
    }

    @Test
    void unpacksATarMadeFromInsideTheFolder() throws IOException {
        // tar -C theme -cf theme.tar . names its entries ./ and ./css/site.css.
        var world = World.build(tmp, Format.TAR);
        world.unpack(write(TestArchive.of().folder("./").folder("./css").file("./css/site.css", "body {}"), Format.TAR));
        assertThat(world.destination().resolve("css/site.css")).hasContent("body {}");
    }

    @ParameterizedTest(name = "a {0} exactly at every limit unpacks")
    @EnumSource(value = Format.class, names = {"ZIP", "TAR"})
    void unpacksAnArchiveAtTheLimits(Format format) throws IOException {
        var world = World.build(tmp, format);
        var archive = TestArchive.of();
        long perFile = LIMITS.maxTotalBytes() / LIMITS.maxEntries();
        for (int i = 0; i < LIMITS.maxEntries(); i++) {
            long size = i == 0 ? LIMITS.maxTotalBytes() - perFile * (LIMITS.maxEntries() - 1) : perFile;
            archive.file("data/part-" + i + ".bin", noise((int) size, i));
        }
        // Exactly the limits is within them.
        world.unpack(write(archive, format));
        assertThat(world.bytesUnderDestination()).isEqualTo(LIMITS.maxTotalBytes());
    }

    @ParameterizedTest(name = "text that compresses well unpacks from a {0}")
    @EnumSource(Format.class)
    void unpacksTextThatCompressesWell(Format format) throws IOException {
        var world = World.build(tmp, format);
        var random = new Random(31);
        var css = new StringBuilder();
        String[] words = {"margin", "padding", "color", "border", "display", "flex", "grid", "font", "weight", "size"};
        while (css.length() < 300_000) {
            css.append('.').append(words[random.nextInt(words.length)]).append('-').append(random.nextInt(1000))
                    .append(" { ").append(words[random.nextInt(words.length)]).append(": ").append(random.nextInt(64))
                    .append("px }\n");
        }
        world.unpack(write(TestArchive.of().file("css/site.css", css.toString()), format));
        assertThat(world.destination().resolve("css/site.css")).hasContent(css.toString());
    }

    @Test
    void unpacksIntoADestinationReachedThroughALink() throws IOException {
        // Deploy tools point a "current" link at the release being served.
        var world = World.build(tmp, Format.ZIP);
        Path release = Files.createDirectories(world.destination().resolveSibling("releases/v2"));
        Path current = Files.createSymbolicLink(world.destination().resolveSibling("current"), release);
        var theme = TestArchive.of().file("css/site.css", "body {}").link("current.css", "css/site.css");
        new ArchiveExtractor(current, LIMITS).extract(write(theme, Format.ZIP));
        assertThat(release.resolve("current.css")).as("a link inside the theme, unpacked through a linked destination")
                .hasContent("body {}");
    }

    @ParameterizedTest(name = "an archive named {0} is read by its extension")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"THEME.ZIP", "theme.tgz", "theme.TAR"})
    void readsTheFormatFromTheExtension(String fileName) throws IOException {
        var world = World.build(tmp, Format.ZIP);
        var theme = TestArchive.of().file("css/site.css", "body {}");
        Format format = fileName.endsWith(".ZIP") ? Format.ZIP : fileName.endsWith(".tgz") ? Format.TAR_GZ : Format.TAR;
        Path upload = Files.move(write(theme, format), uploads.resolve(fileName));
        new ArchiveExtractor(world.destination(), LIMITS).extract(upload);
        assertThat(world.destination().resolve("css/site.css")).hasContent("body {}");
    }

    @ParameterizedTest(name = "an upload named {0} is refused, whatever its bytes")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"theme.rar", "theme.gz", "theme.tar.bz2"})
    void refusesAnUnknownExtension(String fileName) throws IOException {
        // The bytes are a tar.gz: the name decides the format, and these names are none the extractor reads.
        var world = World.build(tmp, Format.TAR_GZ);
        Path upload = Files.move(write(TestArchive.of().file("css/site.css", "body {}"), Format.TAR_GZ),
                uploads.resolve(fileName));
        assertThat(world.extract(upload).refused()).as("%s is not a format the extractor reads", fileName).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private void assertNamedEntryStaysInside(String name, Format... formats) throws IOException {
        for (Format format : formats) {
            var world = World.build(tmp, format);
            var archive = TestArchive.of().file("css/site.css", "body {}").file(world.fill(name), "planted by the archive");
            world.extract(write(archive, format));
            world.assertNothingOutsideChanged(PLACE);
        }
    }

    private void assertLinksStayInside(TestArchive archive, Format... formats) throws IOException {
        for (Format format : formats) {
            var world = World.build(tmp, format);
            world.extract(write(archive, format));
            world.assertNothingOutsideChanged(LINKS);
            world.assertLinksInside(LINKS);
        }
    }

    private void assertBounded(World world, Path archive, String hint) throws IOException {
        Outcome outcome = world.extract(archive);
        long bound = Math.min(LIMITS.maxTotalBytes(), Files.size(archive) * LIMITS.maxRatio());
        assertThat(world.bytesUnderDestination())
                .as("a %d-byte archive unpacked to %d bytes, past the limits (%d bytes, %d to 1); %s",
                        Files.size(archive), world.bytesUnderDestination(), LIMITS.maxTotalBytes(), LIMITS.maxRatio(), hint)
                .isLessThanOrEqualTo(bound);
        assertThat(outcome.refused()).as("an archive past the limits is refused, not cut short silently; %s", hint).isTrue();
    }

    private void assertEntriesBounded(TestArchive archive) throws IOException {
        var world = World.build(tmp, Format.TAR);
        Outcome outcome = world.extract(write(archive, Format.TAR));
        assertThat(world.treeUnderDestination())
                .as("the archive created more than %d files and folders: count every entry, whatever its kind, "
                        + "as it is unpacked", LIMITS.maxEntries())
                .hasSizeLessThanOrEqualTo(LIMITS.maxEntries());
        assertThat(outcome.refused()).as("an archive with too many entries is refused").isTrue();
    }

    private Path write(TestArchive archive, Format format) throws IOException {
        return archive.write(format, nextUpload());
    }

    private Path nextUpload() {
        return uploads.resolve("theme-" + ++archives);
    }

    /** Bytes no compressor can shrink, the same for the same seed. */
    static byte[] noise(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A name as macOS (normalization) and Windows (case) compare names. */
    private static String folded(String path) {
        return Normalizer.normalize(path, Normalizer.Form.NFD).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** What an extraction did: the paths written, or the refusal. */
    record Outcome(Optional<List<Path>> written, Optional<IOException> refusal) {
        boolean refused() {
            return refusal.isPresent();
        }
    }

    /** One victim's disk: the destination, the app's settings beside it, a neighbour folder. */
    record World(Path base, Path destination, Map<String, String> before) {

        static World build(Path tmp, Format format) throws IOException {
            Path base = Files.createDirectories(tmp.toRealPath().resolve("world-" + format.name().toLowerCase(Locale.ROOT)));
            Path srv = Files.createDirectories(base.resolve("srv"));
            Files.writeString(srv.resolve("config.properties"), "db.password=correct-horse\n");
            Files.createDirectories(srv.resolve("site-evil"));
            Files.writeString(srv.resolve("site-evil/index.html"), "<h1>the neighbour's page</h1>\n");
            Path destination = Files.createDirectories(srv.resolve("site"));
            return new World(base, destination, new TreeMap<>());
        }

        String fill(String name) {
            return name.replace("{dest}", destination.toString()).replace("{world}", base.toString());
        }

        /** Runs the extractor on an archive that must unpack; a refusal fails the case, saying why. */
        List<Path> unpack(Path archive) throws IOException {
            Outcome outcome = extract(archive);
            return outcome.written().orElseGet(() -> fail("%s was refused (%s), though it is an honest archive: %s"
                    .formatted(archive.getFileName(), outcome.refusal().orElseThrow().getClass().getSimpleName(),
                            outcome.refusal().orElseThrow().getMessage())));
        }

        /** Runs the extractor on the archive; a crash fails the case. */
        Outcome extract(Path archive) throws IOException {
            before.clear();
            before.putAll(outside());
            try {
                return new Outcome(Optional.of(new ArchiveExtractor(destination, LIMITS).extract(archive)), Optional.empty());
            } catch (IOException refused) {
                return new Outcome(Optional.empty(), Optional.of(refused));
            } catch (RuntimeException crash) {
                return fail("extracting %s crashed with %s (%s): the upload answers 500, and an attacker can provoke "
                        + "that at will; refuse a bad archive with an IOException".formatted(archive.getFileName(),
                                crash.getClass().getSimpleName(), crash.getMessage()), crash);
            }
        }

        void assertNothingOutsideChanged(String hint) throws IOException {
            Map<String, String> after = outside();
            var changed = new ArrayList<String>();
            after.forEach((path, state) -> {
                if (!state.equals(before.get(path))) {
                    changed.add(path + (before.containsKey(path) ? " (changed)" : " (created)"));
                }
            });
            before.keySet().stream().filter(path -> !after.containsKey(path)).forEach(path -> changed.add(path + " (deleted)"));
            assertThat(changed)
                    .as("the archive wrote outside the destination %s: %s; %s", destination, changed, hint)
                    .isEmpty();
        }

        void assertLinksInside(String hint) throws IOException {
            try (Stream<Path> tree = Files.walk(destination)) {
                for (Path path : tree.toList()) {
                    if (Files.isSymbolicLink(path)) {
                        Path target = path.getParent().resolve(Files.readSymbolicLink(path)).normalize();
                        assertThat(target).as("the link %s points at %s, outside the destination; %s", path, target, hint)
                                .startsWith(destination);
                        if (Files.exists(path)) {
                            assertThat(path.toRealPath())
                                    .as("the link %s, followed, leads to %s, outside the destination; %s", path,
                                            path.toRealPath(), hint)
                                    .startsWith(destination);
                        }
                    } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                        for (String outsidePath : before.keySet()) {
                            Path other = Path.of(outsidePath);
                            if (Files.isRegularFile(other, LinkOption.NOFOLLOW_LINKS)) {
                                assertThat(Files.isSameFile(path, other))
                                        .as("%s is a hard link to %s, outside the destination: it shows (and shares) "
                                                + "that file's bytes; %s", path, other, hint)
                                        .isFalse();
                            }
                        }
                    }
                }
            }
        }

        /** Every path under the destination, relative to it, without following links. */
        List<String> treeUnderDestination() throws IOException {
            try (Stream<Path> tree = Files.walk(destination)) {
                return tree.filter(path -> !path.equals(destination)).map(path -> destination.relativize(path).toString()).toList();
            }
        }

        long bytesUnderDestination() throws IOException {
            try (Stream<Path> tree = Files.walk(destination)) {
                long total = 0;
                for (Path file : tree.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    total += Files.size(file);
                }
                return total;
            }
        }

        /** Every path of the world outside the destination, with what it holds. */
        private Map<String, String> outside() throws IOException {
            var state = new TreeMap<String, String>();
            // Walk the temporary folder above the world too: the deepest climbs land there.
            try (Stream<Path> tree = Files.walk(base.getParent())) {
                for (Path path : tree.filter(path -> !path.startsWith(destination)
                        && !path.startsWith(base.resolveSibling("uploads"))).toList()) {
                    state.put(path.toString(), describe(path));
                }
            }
            return state;
        }

        private static String describe(Path path) throws IOException {
            if (Files.isSymbolicLink(path)) {
                return "link to " + Files.readSymbolicLink(path);
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return "folder";
            }
            try {
                return "file " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
