package dev.rampart.kata.secretscanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scans a source tree for committed secrets, so CI can fail before they reach the remote.
 * Findings the baseline accepts are left out.
 */
public final class SecretScanner {

    private static final Set<String> SCANNED = Set.of("java", "kt", "properties", "pem", "key");
    private static final Set<String> SKIPPED_FOLDERS = Set.of(".git", "target", "build", "node_modules");

    private static final Map<String, Pattern> RULES = new LinkedHashMap<>();

    static {
        RULES.put("aws-access-key-id", Pattern.compile("AKIA[0-9A-Z]{16}"));
        RULES.put("rsa-private-key", Pattern.compile("-----BEGIN RSA PRIVATE KEY-----"));
        RULES.put("password-assignment", Pattern.compile("(?i)^\\s*[\\w.-]*password\\s*=\\s*(?!\\$\\{)(\\S+)"));
    }

    private final Baseline baseline;

    public SecretScanner(Baseline baseline) {
        this.baseline = baseline;
    }

    /** Every finding under {@code root} the baseline does not accept, by file and line. */
    public List<Finding> scan(Path root) {
        var findings = new ArrayList<Finding>();
        try (Stream<Path> files = Files.walk(root)) {
            for (var file : files.filter(Files::isRegularFile).filter(f -> scanned(root, f)).toList()) {
                var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    for (var rule : RULES.entrySet()) {
                        var m = rule.getValue().matcher(lines.get(i));
                        if (m.find()) {
                            var secret = m.groupCount() > 0 ? m.group(1) : m.group();
                            findings.add(new Finding(root.relativize(file), i + 1, rule.getKey(), sha256(secret), secret));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot scan " + root, e);
        }
        return findings.stream()
                .filter(f -> !baseline.accepts(f))
                .sorted(Comparator.comparing((Finding f) -> f.file().toString()).thenComparingInt(Finding::line))
                .toList();
    }

    private static boolean scanned(Path root, Path file) {
        for (var part : root.relativize(file)) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return false;
            }
        }
        var name = file.getFileName().toString();
        return SCANNED.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
