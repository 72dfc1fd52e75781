package dev.rampart.server.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * On the server's side: finds the compiled attack suites on the kernels' class path, for the
 * attack runs it sends them. {@code KataSuite} scans a folder, so when the suites come as the
 * katas' test-jar (a packaged build), its kata packages are unpacked once into the server's
 * private folder.
 */
final class SuiteClasses {

    private static final String SUPPORT = "dev/rampart/kata/support/KataSuite.class";
    private static final String KATAS = "dev/rampart/kata/";

    private SuiteClasses() {
    }

    /**
     * The folder holding the suites.
     *
     * @param unpackTo where to unpack them if they are in a jar
     * @throws IllegalStateException if no entry of the class path holds the attack suites
     */
    static Path locate(List<Path> classPath, Path unpackTo) {
        for (var entry : classPath) {
            if (Files.isDirectory(entry) && Files.isRegularFile(entry.resolve(SUPPORT))) {
                return entry;
            }
            if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar") && holds(entry)) {
                return unpack(entry, unpackTo);
            }
        }
        throw new IllegalStateException("The kernels' class path holds no attack suites (" + SUPPORT
                + "): build the katas module first (./mvnw verify)");
    }

    private static boolean holds(Path jar) {
        try (var zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(SUPPORT) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path unpack(Path jar, Path to) {
        try (var zip = new ZipFile(jar.toFile())) {
            Files.createDirectories(to);
            var root = to.toRealPath();
            for (var entry : zip.stream().filter(e -> e.getName().startsWith(KATAS) && !e.isDirectory()).toList()) {
                var target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("Refusing entry outside the folder: " + entry.getName());
                }
                Files.createDirectories(target.getParent());
                try (var in = zip.getInputStream(entry)) {
                    Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the attack suites from " + jar, e);
        }
    }
}
