package dev.rampart.kata.secretscanner;

import java.nio.file.Path;

/**
 * A secret found in a file.
 *
 * @param file        the file, relative to the scanned folder
 * @param line        the line the secret starts on, from 1
 * @param rule        the rule that found it, e.g. {@code aws-access-key-id}
 * @param fingerprint hex SHA-256 of the secret, to recognise it in a baseline
 * @param evidence    what the report shows a reviewer
 */
public record Finding(Path file, int line, String rule, String fingerprint, String evidence) {
}
