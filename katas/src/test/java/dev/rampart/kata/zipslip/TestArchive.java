package dev.rampart.kata.zipslip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * An archive the suite writes entry by entry, exactly as spelled: names with "..", backslashes
 * or drive letters, links anywhere, sizes that lie. Written with Commons Compress's own writers,
 * so the bytes are the ones real tools make; only {@link #zipDeclaring} edits them afterwards.
 */
final class TestArchive {

    /** The three containers the extractor accepts, by file name. */
    enum Format {
        ZIP(".zip"), TAR(".tar"), TAR_GZ(".tar.gz");

        final String extension;

        Format(String extension) {
            this.extension = extension;
        }
    }

    private sealed interface Entry permits FileEntry, Folder, Link, HardLink {
        String name();
    }

    private record FileEntry(String name, byte[] content) implements Entry {}

    private record Folder(String name) implements Entry {}

    private record Link(String name, String target) implements Entry {}

    private record HardLink(String name, String target) implements Entry {}

    private final List<Entry> entries = new ArrayList<>();

    static TestArchive of() {
        return new TestArchive();
    }

    TestArchive file(String name, String text) {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    TestArchive file(String name, byte[] content) {
        entries.add(new FileEntry(name, content));
        return this;
    }

    /** A folder entry; the name ends with "/" as archivers write it. */
    TestArchive folder(String name) {
        entries.add(new Folder(name.endsWith("/") ? name : name + "/"));
        return this;
    }

    /** A symbolic link: a tar link entry, or a zip entry with the Unix link mode and its target as content. */
    TestArchive link(String name, String target) {
        entries.add(new Link(name, target));
        return this;
    }

    /** A tar hard link; a zip cannot hold one. */
    TestArchive hardLink(String name, String target) {
        entries.add(new HardLink(name, target));
        return this;
    }

    /** The file entries' names and contents, in order. */
    List<String[]> files() {
        return entries.stream().filter(FileEntry.class::isInstance).map(FileEntry.class::cast)
                .map(f -> new String[] {f.name(), new String(f.content(), StandardCharsets.UTF_8)}).toList();
    }

    Path write(Format format, Path file) throws IOException {
        Path target = file.resolveSibling(file.getFileName() + format.extension);
        if (format == Format.ZIP) {
            writeZip(target);
        } else {
            try (OutputStream out = format == Format.TAR ? Files.newOutputStream(target)
                    : new GzipCompressorOutputStream(Files.newOutputStream(target))) {
                writeTar(out);
            }
        }
        return target;
    }

    /**
     * A zip whose headers (the local one and the central directory's) say every file unpacks to
     * {@code declaredSize} bytes, whatever its data really inflates to. Readers that stream the
     * data cannot tell until they have inflated it.
     */
    Path zipDeclaring(Path file, long declaredSize) throws IOException {
        Path zip = write(Format.ZIP, file);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(zip)).order(ByteOrder.LITTLE_ENDIAN);
        int endOfCentralDirectory = bytes.capacity() - 22;
        int count = Short.toUnsignedInt(bytes.getShort(endOfCentralDirectory + 10));
        int header = bytes.getInt(endOfCentralDirectory + 16);
        for (int i = 0; i < count; i++) {
            int local = bytes.getInt(header + 42);
            if (Integer.toUnsignedLong(bytes.getInt(header + 24)) > 0) {
                bytes.putInt(header + 24, (int) declaredSize);
                bytes.putInt(local + 22, (int) declaredSize);
            }
            header += 46 + Short.toUnsignedInt(bytes.getShort(header + 28)) + Short.toUnsignedInt(bytes.getShort(header + 30))
                    + Short.toUnsignedInt(bytes.getShort(header + 32));
        }
        return Files.write(zip, bytes.array());
    }

    private void writeZip(Path target) throws IOException {
        try (var zip = new ZipArchiveOutputStream(target)) {
            for (Entry entry : entries) {
                var zipEntry = new ZipArchiveEntry(entry.name());
                byte[] content = new byte[0];
                if (entry instanceof FileEntry f) {
                    content = f.content();
                } else if (entry instanceof Link l) {
                    zipEntry.setUnixMode(UnixStat.LINK_FLAG | 0777);
                    content = l.target().getBytes(StandardCharsets.UTF_8);
                } else if (entry instanceof HardLink) {
                    throw new IllegalArgumentException("a zip holds no hard links: " + entry.name());
                }
                zip.putArchiveEntry(zipEntry);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
    }

    private void writeTar(OutputStream out) throws IOException {
        var tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Entry entry : entries) {
            // preserveAbsolutePath: keep the name exactly as given, leading "/" and drive letters too.
            TarArchiveEntry tarEntry;
            if (entry instanceof FileEntry f) {
                tarEntry = new TarArchiveEntry(f.name(), true);
                tarEntry.setSize(f.content().length);
            } else if (entry instanceof Link l) {
                tarEntry = new TarArchiveEntry(l.name(), TarConstants.LF_SYMLINK, true);
                tarEntry.setLinkName(l.target());
            } else if (entry instanceof HardLink h) {
                tarEntry = new TarArchiveEntry(h.name(), TarConstants.LF_LINK, true);
                tarEntry.setLinkName(h.target());
            } else {
                tarEntry = new TarArchiveEntry(entry.name(), true);
            }
            tar.putArchiveEntry(tarEntry);
            if (entry instanceof FileEntry f) {
                tar.write(f.content());
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }
}
