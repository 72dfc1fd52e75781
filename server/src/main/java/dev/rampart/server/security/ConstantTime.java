package dev.rampart.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Secret comparison that takes the same time wherever the first wrong character is.
 *
 * <p>Both sides are hashed first, so the comparison also hides the secret's length;
 * {@link MessageDigest#isEqual} then looks at every byte of the fixed-size digests.
 */
final class ConstantTime {

    private ConstantTime() {
    }

    static boolean equal(String expected, String candidate) {
        if (expected == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(expected), sha256(candidate));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}
