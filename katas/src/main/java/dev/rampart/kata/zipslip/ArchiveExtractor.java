package dev.rampart.kata.zipslip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an uploaded site theme ({@code .zip}, {@code .tar}, {@code .tar.gz} or {@code .tgz})
 * into the theme's folder: files, folders, and the symbolic links themes use to share assets.
 */
public final class ArchiveExtractor {

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
     *                     before the refusal may stay
     */
    public List<Path> extract(Path archive) throws IOException {
        Files.createDirectories(destination);
        String name = archive.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".zip")) {
            return extractZip(archive);
        }
        if (name.endsWith(".tar")) {
            try (InputStream in = Files.newInputStream(archive)) {
                return extractTar(in);
            }
        }
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(archive))) {
                return extractTar(in);
            }
        }
        throw new IOException("Unsupported archive " + archive.getFileName() + ": upload a .zip, .tar, .tar.gz or .tgz");
    }

    private List<Path> extractZip(Path archive) throws IOException {
        var written = new ArrayList<Path>();
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
            if (entries.size() > limits.maxEntries()) {
                throw new IOException("Too many entries: " + entries.size());
            }
            long total = 0;
            for (ZipArchiveEntry entry : entries) {
                total += entry.getSize();
                if (total > limits.maxTotalBytes()
                        || entry.getCompressedSize() > 0 && entry.getSize() / entry.getCompressedSize() > limits.maxRatio()) {
                    throw new IOException("Archive too large once unpacked: " + archive.getFileName());
                }
            }
            for (ZipArchiveEntry entry : entries) {
                Path target = place(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isUnixSymlink()) {
                    written.add(link(target, zip.getUnixSymlink(entry)));
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        written.add(write(target, in));
                    }
                }
            }
        }
        return written;
    }

    private List<Path> extractTar(InputStream archive) throws IOException {
        var written = new ArrayList<Path>();
        var tar = new TarArchiveInputStream(archive);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path target = place(entry.getName());
            if (entry.isDirectory()) {
                Files.createDirectories(target);
            } else if (entry.isSymbolicLink()) {
                written.add(link(target, entry.getLinkName()));
            } else if (entry.isLink()) {
                Files.createDirectories(target.getParent());
                written.add(Files.createLink(target, place(entry.getLinkName())));
            } else {
                written.add(write(target, tar));
            }
        }
        return written;
    }

    private Path place(String entryName) throws AccessDeniedException {
        // Archives made on Windows spell folders with backslashes.
        Path target = destination.resolve(entryName.replace('\\', '/'));
        if (!target.toString().startsWith(destination.toString())) {
            throw new AccessDeniedException(entryName, null, "outside the destination");
        }
        return target;
    }

    private static Path link(Path target, String linkTarget) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createSymbolicLink(target, Path.of(linkTarget));
    }

    private static Path write(Path target, InputStream content) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
