package dev.rampart.kata.fileuploads;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A small web site on disk around the upload folder, built in a temporary folder:
 * <pre>
 * www/
 *   site.properties       the site's settings, with the database password
 *   static/logo.png       the site's own logo
 *   uploads/              the upload folder the service is given
 *     .htaccess           the operators' rules for that folder
 *     alice.png           an avatar uploaded last year
 *     2024/bob.png        an older upload, in a sub-folder
 *   uploads-evil/         a sibling whose name begins with the upload folder's
 * </pre>
 * A {@link Snapshot} holds every file's bytes, so what an upload changed is found by comparing
 * the disk before and after: files replaced or removed, files added, and where they really are.
 */
final class Site {

    private final Path tmp;
    private final Path root;
    private final Path uploads;

    private Site(Path tmp) throws IOException {
        this.tmp = tmp.toRealPath();
        this.root = this.tmp.resolve("www");
        this.uploads = root.resolve("uploads");
    }

    static Site build(Path tmp) {
        try {
            var site = new Site(tmp);
            write(site.root.resolve("site.properties"), "db.url=jdbc:postgresql://db/shop\ndb.password=Tr0ub4dor&3\n"
                    .getBytes(StandardCharsets.UTF_8));
            write(site.root.resolve("static/logo.png"), SampleFiles.png(Color.BLACK));
            write(site.uploads.resolve(".htaccess"), "Options -Indexes\n".getBytes(StandardCharsets.UTF_8));
            write(site.uploads.resolve("alice.png"), SampleFiles.png(Color.PINK));
            write(site.uploads.resolve("2024/bob.png"), SampleFiles.png(Color.CYAN));
            Files.createDirectories(site.root.resolve("uploads-evil"));
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot build the test site in " + tmp, e);
        }
    }

    /** The site's folder (its real path). */
    Path root() {
        return root;
    }

    /** The upload folder (its real path). */
    Path uploads() {
        return uploads;
    }

    /** Every file under the temporary folder, with its bytes. */
    record Snapshot(Map<Path, byte[]> files) {
    }

    /** What changed on disk between a snapshot and now. */
    record Changes(List<Path> replaced, List<Path> removed, List<Path> addedOutside, List<Path> addedInside) {
    }

    Snapshot snapshot() {
        var files = new LinkedHashMap<Path, byte[]>();
        try (Stream<Path> walk = Files.walk(tmp)) {
            for (var file : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                files.put(file, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(files);
    }

    Changes changesSince(Snapshot before) {
        var now = snapshot().files();
        var replaced = new ArrayList<Path>();
        var removed = new ArrayList<Path>();
        var addedOutside = new ArrayList<Path>();
        var addedInside = new ArrayList<Path>();
        before.files().forEach((file, bytes) -> {
            if (!now.containsKey(file)) {
                removed.add(file);
            } else if (!Arrays.equals(bytes, now.get(file))) {
                replaced.add(file);
            }
        });
        now.keySet().stream().filter(file -> !before.files().containsKey(file))
                .forEach(file -> (file.startsWith(uploads) ? addedInside : addedOutside).add(file));
        return new Changes(replaced, removed, addedOutside, addedInside);
    }

    /** The file of the site that holds exactly these bytes, if any. */
    Optional<Path> fileHolding(byte[] bytes) {
        return snapshot().files().entrySet().stream()
                .filter(e -> Arrays.equals(e.getValue(), bytes))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** A path as the report shows it: relative to the temporary folder, {@code www/uploads/x.png}. */
    String show(Path file) {
        return tmp.relativize(file).toString();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
