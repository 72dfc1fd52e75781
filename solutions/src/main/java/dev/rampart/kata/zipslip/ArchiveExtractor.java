package dev.rampart.kata.zipslip;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded site theme ({@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz})
 * into the theme's folder: files, folders, and the symbolic links themes use to share assets.
 *
 * <p>Every entry is placed by {@link Path}s, never strings: its name, normalized, must stay
 * under the destination. Links are made last, once no more files will be written, and each
 * must lead, once every link on its way is followed, to a place under the destination. Two
 * entries may not name one file, even on a file system that ignores case or Unicode
 * normalization. The limits count the bytes really written, never the sizes the archive declares.
 */
public final class ArchiveExtractor {

    /** "C:", "c:x": absolute or drive-relative on Windows, a plain name on Linux. */
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

    private final Path destination;
    private final ExtractionLimits limits;

    /**
     * @param destination the folder the archive is unpacked into; created if missing
     * @param limits      how much one archive may unpack to
     */
    public ArchiveExtractor(Path destination, ExtractionLimits limits) {
        this.destination = destination.toAbsolutePath();
        this.limits = limits;
    }

    /**
     * Unpacks one archive, chosen by its file name's extension.
     *
     * @param archive the uploaded archive
     * @return the files and links written
     * @throws IOException if the archive cannot be read or breaks a rule; what was written
     *                     before the refusal may stay, but never outside the destination
     */
    public List<Path> extract(Path archive) throws IOException {
        Files.createDirectories(destination);
        // The real path: the destination may be reached through a link (a deploy's "current").
        var run = new Extraction(destination.toRealPath(), limits, Files.size(archive));
        String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            extractZip(archive, run);
        } else if (name.endsWith(".tar")) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
                extractTar(in, run);
            }
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(archive))) {
                extractTar(in, run);
            }
        } else {
            throw new IOException("Unsupported archive " + archive.getFileName() + ": upload a .zip, .tar, .tar.gz or .tgz");
        }
        return run.finish();
    }

    private static void extractZip(Path archive, Extraction run) throws IOException {
        // ZipFile reads the central directory: the entry list every other tool shows, and the
        // only place a zip keeps Unix modes (the symbolic-link bit).
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (entry.isDirectory()) {
                    run.directory(entry.getName());
                } else if (entry.isUnixSymlink()) {
                    run.link(entry.getName(), zip.getUnixSymlink(entry));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        run.file(entry.getName(), in);
                    }
                }
            }
        }
    }

    private static void extractTar(InputStream archive, Extraction run) throws IOException {
        var tar = new TarArchiveInputStream(archive);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (entry.isDirectory()) {
                run.directory(entry.getName());
            } else if (entry.isSymbolicLink()) {
                run.link(entry.getName(), entry.getLinkName());
            } else if (entry.isLink()) {
                // A hard link is the file it names: one to a file outside shares that file's bytes.
                throw refused(entry.getName(), "is a hard link; only files, folders and symbolic links are unpacked");
            } else {
                run.file(entry.getName(), tar);
            }
        }
    }

    /** One extraction's state: what it has counted, claimed and still has to link. */
    private static final class Extraction {

        private final Path root;
        private final ExtractionLimits limits;
        /** Bytes this archive may write: the total limit, or its ratio to the archive's real size. */
        private final long budget;
        private long written;
        private int entries;
        /** Each name, folded as macOS and Windows fold it, with the one spelling it was first given. */
        private final Map<String, String> spellings = new HashMap<>();
        /** Links to make in finish(), in the archive's order; a second link of one name fails there. */
        private final List<Map.Entry<Path, String>> links = new ArrayList<>();
        private final List<Path> extracted = new ArrayList<>();

        Extraction(Path root, ExtractionLimits limits, long archiveSize) {
            this.root = root;
            this.limits = limits;
            this.budget = Math.min(limits.maxTotalBytes(), archiveSize * limits.maxRatio());
        }

        void directory(String entryName) throws IOException {
            Files.createDirectories(place(entryName));
        }

        void file(String entryName, InputStream content) throws IOException {
            Path target = place(entryName);
            Files.createDirectories(target.getParent());
            // CREATE_NEW: a second file of one name is refused, never written over the first.
            // NOFOLLOW_LINKS: never written through a link.
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                copy(entryName, content, out);
            }
            extracted.add(target);
        }

        void link(String entryName, String linkTarget) throws IOException {
            Path link = place(entryName);
            Path target = inside(entryName, () -> link.getParent().resolve(linkTarget).normalize());
            if (!target.startsWith(root)) {
                throw refused(entryName, "links to " + linkTarget + ", outside the destination");
            }
            // Made in finish(): a link made now could carry a later entry's bytes out of the folder.
            links.add(Map.entry(link, linkTarget));
        }

        /** Makes the links, then follows each one: a chain of links may lead out where none alone does. */
        List<Path> finish() throws IOException {
            var made = new ArrayList<Path>();
            try {
                for (var link : links) {
                    Files.createDirectories(link.getKey().getParent());
                    made.add(Files.createSymbolicLink(link.getKey(), Path.of(link.getValue())));
                }
                for (Path link : made) {
                    if (!link.toRealPath().startsWith(root)) {
                        throw refused(root.relativize(link).toString(), "leads outside the destination through other links");
                    }
                }
            } catch (IOException e) {
                for (Path link : made) {
                    Files.deleteIfExists(link);
                }
                throw e;
            }
            extracted.addAll(made);
            return List.copyOf(extracted);
        }

        /** Counts the entry and says where it goes, refusing a name that leads out or collides. */
        private Path place(String entryName) throws IOException {
            if (++entries > limits.maxEntries()) {
                throw new IOException("The archive holds more than " + limits.maxEntries() + " entries");
            }
            // Windows tools write backslashes; judge the name that will be used, after the swap.
            String name = entryName.replace('\\', '/');
            if (DRIVE.matcher(name).find()) {
                throw refused(entryName, "names a Windows drive");
            }
            // Path.startsWith compares whole names: /srv/site-evil is not under /srv/site.
            Path target = inside(entryName, () -> root.resolve(name).normalize());
            if (!target.startsWith(root)) {
                throw refused(entryName, "leads outside the destination");
            }
            claim(entryName, root.relativize(target));
            return target;
        }

        /** Remembers the spelling of the name and of every folder on its way; a second spelling collides. */
        private void claim(String entryName, Path relative) throws IOException {
            for (int i = 1; i <= relative.getNameCount(); i++) {
                String spelled = relative.subpath(0, i).toString();
                String earlier = spellings.putIfAbsent(fold(spelled), spelled);
                if (earlier != null && !earlier.equals(spelled)) {
                    throw refused(entryName, "is the same file as " + earlier + " on macOS and Windows");
                }
            }
        }

        private void copy(String entryName, InputStream in, OutputStream out) throws IOException {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                // Counted as it streams: a zip's declared sizes are whatever its maker wrote.
                written += n;
                if (written > budget) {
                    throw new IOException("The archive unpacks to more than " + budget + " bytes (at " + entryName
                            + "); the limits are " + limits.maxTotalBytes() + " bytes and " + limits.maxRatio()
                            + " bytes per byte of archive");
                }
                out.write(buffer, 0, n);
            }
        }

        private static String fold(String name) {
            return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        }
    }

    private interface PathSupplier {
        Path get();
    }

    /** A name no path can hold (a NUL) is a refusal, not a crash. */
    private static Path inside(String entryName, PathSupplier path) throws AccessDeniedException {
        try {
            return path.get();
        } catch (InvalidPathException e) {
            throw refused(entryName, "is not a valid path");
        }
    }

    private static AccessDeniedException refused(String entryName, String why) {
        return new AccessDeniedException(entryName, null, why);
    }
}
