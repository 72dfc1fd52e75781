package dev.rampart.kata.secretscanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Scans a source tree for committed secrets, so CI can fail before they reach the remote.
 * Findings the baseline accepts are left out.
 *
 * <p>Every text file is read, whatever its extension: keys leak from Dockerfiles, notebooks,
 * shell scripts and CI workflows as often as from code. Two kinds of rules run on it: format
 * rules and entropy over the text ({@link TextRules}), and key/value rules through the real
 * parser of properties, YAML, JSON and .env files ({@link ConfigRules}). Nothing is skipped by
 * name or size, lock files and dumps included: the false-alarm checks tell an integrity hash
 * from a token. Findings carry a fingerprint and the secret's length, never any of its
 * characters: the report is read in CI logs.
 *
 * <p>Not a substitute for scanning history: a secret deleted in a later commit is still in
 * the repository. Rotate it.
 */
public final class SecretScanner {

    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "node_modules");

    private final Baseline baseline;

    public SecretScanner(Baseline baseline) {
        this.baseline = baseline;
    }

    /** Every finding under {@code root} the baseline does not accept, by file and line. */
    public List<Finding> scan(Path root) {
        var findings = new ArrayList<Finding>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED_FOLDERS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    // No size limit: a database dump or a log file of many megabytes is where
                    // secrets are least expected and most often found.
                    // Lock files are read too: their integrity hashes pass the false-alarm checks, and a
                    // private registry's token in a resolved URL is as real there as anywhere.
                    if (attrs.isRegularFile()) {
                        scanFile(root, file, findings);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan " + root, e);
        }
        return findings.stream()
                .filter(f -> !baseline.accepts(f))
                .sorted(Comparator.comparing((Finding f) -> f.file().toString()).thenComparingInt(Finding::line))
                .toList();
    }

    private static void scanFile(Path root, Path file, List<Finding> into) throws IOException {
        var bytes = Files.readAllBytes(file);
        if (isBinary(bytes)) {
            return;
        }
        var text = decode(bytes);
        var relative = root.relativize(file);
        var hits = new ArrayList<Hit>(ConfigRules.scan(file.getFileName().toString(), text));
        hits.addAll(TextRules.scan(text));
        // One finding per line: the structured rules come first, they name the key best.
        var lines = new HashSet<Integer>();
        for (var hit : hits) {
            if (lines.add(hit.line())) {
                into.add(new Finding(relative, hit.line(), hit.rule(), sha256(hit.secret()), Secrets.redact(hit.secret())));
            }
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
