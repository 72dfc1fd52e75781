package dev.rampart.kata.keyrotation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signing keys of a service, with ids, so they can be rotated without logging everyone out.
 *
 * <p>Operations put each key's secret in the key folder as {@code <kid>.key} (the raw bytes of an
 * HMAC-SHA256 key) and then announce it with {@link #add}: the key signs from its
 * {@code notBefore} on. {@link #retire} takes a key out of service; tokens it signed keep
 * verifying for the overlap window, so nobody is logged out by a rotation.
 *
 * <p>A token is four parts joined by dots: the key id (base64url), the issue time (epoch
 * seconds), the payload (base64url) and the HMAC-SHA256 of the first three parts joined by a
 * dot (base64url). Every part of base64url is written without padding.
 */
public final class KeyRing {

    /**
     * A key as the ring knows it: its secret read once, when it was announced, so a token's kid only
     * ever selects an entry of the map below and never names a file; retiredAt is null while in service.
     */
    private record Key(String purpose, byte[] secret, Instant notBefore, Instant retiredAt) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Path keyFolder;
    private final Clock clock;
    private final Duration overlap;
    private final Map<String, Key> keys = new HashMap<>();

    public KeyRing(Path keyFolder, Clock clock, Duration overlap) {
        this.keyFolder = keyFolder;
        this.clock = clock;
        this.overlap = overlap;
    }

    /** Announces the key whose secret operations put in {@code <kid>.key}; it signs from {@code notBefore} on. */
    public void add(String kid, String purpose, Instant notBefore) {
        try {
            keys.put(kid, new Key(purpose, Files.readAllBytes(keyFolder.resolve(kid + ".key")), notBefore, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes the key out of service: it signs no more, and what it signed verifies for the overlap window. */
    public void retire(String kid) {
        var key = keys.get(kid);
        if (key == null) {
            throw new IllegalArgumentException("Unknown key " + kid);
        }
        // The window runs from the ring's own record of the retirement, never from anything a token says.
        keys.put(kid, new Key(key.purpose(), key.secret(), key.notBefore(), clock.instant()));
    }

    /** Signs the payload with the key in service for this purpose. */
    public String sign(String purpose, String payload) {
        var now = clock.instant();
        String kid = null;
        Key newest = null;
        // The newest key already active: a key whose notBefore is still ahead may not have reached
        // every verifier yet, and the order keys were announced in says nothing about which is newest.
        for (var entry : keys.entrySet()) {
            var key = entry.getValue();
            if (key.purpose().equals(purpose) && key.retiredAt() == null && !key.notBefore().isAfter(now)
                    && (newest == null || key.notBefore().isAfter(newest.notBefore()))) {
                kid = entry.getKey();
                newest = key;
            }
        }
        if (newest == null) {
            throw new IllegalStateException("No signing key for " + purpose);
        }
        var signed = ENCODER.encodeToString(kid.getBytes(UTF_8)) + "." + now.getEpochSecond() + "."
                + ENCODER.encodeToString(payload.getBytes(UTF_8));
        return signed + "." + ENCODER.encodeToString(hmac(newest.secret(), signed));
    }

    /** The payload of a token this service signed for this purpose, or empty. */
    public Optional<String> verify(String purpose, String token) {
        var parts = token.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            var kid = new String(DECODER.decode(parts[0]), UTF_8);
            // Exactly one key may check a token: the one its kid names, of this purpose, still in its window.
            // No kid, an unknown kid or another purpose's kid is a refusal, never a search.
            var key = keys.get(kid);
            if (key == null || !key.purpose().equals(purpose)) {
                return Optional.empty();
            }
            if (key.retiredAt() != null && !clock.instant().isBefore(key.retiredAt().plus(overlap))) {
                return Optional.empty();
            }
            var signed = parts[0] + "." + parts[1] + "." + parts[2];
            // Constant time: how long the comparison takes says nothing about how much of a guess is right.
            if (!MessageDigest.isEqual(hmac(key.secret(), signed), DECODER.decode(parts[3]))) {
                return Optional.empty();
            }
            return Optional.of(new String(DECODER.decode(parts[2]), UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(byte[] secret, String signed) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signed.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
