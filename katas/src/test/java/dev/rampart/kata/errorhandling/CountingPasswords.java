package dev.rampart.kata.errorhandling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for bcrypt that counts how often a password is checked. Each check is the slow
 * part of a login; a login that skips it answers sooner, and that difference is what a
 * stopwatch picks up from outside. Counting it is exact and needs no timing.
 */
final class CountingPasswords implements PasswordCheck {

    private final AtomicInteger checks = new AtomicInteger();

    int checks() {
        return checks.get();
    }

    @Override
    public String hash(String password) {
        return "sha256$" + HexFormat.of().formatHex(sha256(password));
    }

    @Override
    public boolean matches(String password, String hash) {
        checks.incrementAndGet();
        return MessageDigest.isEqual(hash(password).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
