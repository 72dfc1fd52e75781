package dev.rampart.kata.keyrotation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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

    private record KeyInfo(String purpose, Instant notBefore) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Path keyFolder;
    private final Clock clock;
    private final Duration overlap;
    private final Map<String, KeyInfo> signingKeys = new LinkedHashMap<>();

    public KeyRing(Path keyFolder, Clock clock, Duration overlap) {
        this.keyFolder = keyFolder;
        this.clock = clock;
        this.overlap = overlap;
    }

    /** Announces the key whose secret operations put in {@code <kid>.key}; it signs from {@code notBefore} on. */
    public void add(String kid, String purpose, Instant notBefore) {
        signingKeys.put(kid, new KeyInfo(purpose, notBefore));
    }

    /** Takes the key out of service: it signs no more, and what it signed verifies for the overlap window. */
    public void retire(String kid) {
        signingKeys.remove(kid);
    }

    /** Signs the payload with the key in service for this purpose. */
    public String sign(String purpose, String payload) {
        String kid = null;
        for (var entry : signingKeys.entrySet()) {
            if (entry.getValue().purpose().equals(purpose)) {
                kid = entry.getKey();
            }
        }
        if (kid == null) {
            throw new IllegalStateException("No signing key for " + purpose);
        }
        var signed = ENCODER.encodeToString(kid.getBytes(UTF_8)) + "." + clock.instant().getEpochSecond() + "."
                + ENCODER.encodeToString(payload.getBytes(UTF_8));
        return signed + "." + ENCODER.encodeToString(hmac(readSecret(keyFolder.resolve(kid + ".key")), signed));
    }

    /** The payload of a token this service signed for this purpose, or empty. */
    public Optional<String> verify(String purpose, String token) {
        var parts = token.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            var kid = new String(DECODER.decode(parts[0]), UTF_8);
            var signed = parts[0] + "." + parts[1] + "." + parts[2];
            var mac = DECODER.decode(parts[3]);
            var file = keyFolder.resolve(kid + ".key");
            List<Path> candidates;
            if (!kid.isEmpty() && Files.isRegularFile(file)) {
                candidates = List.of(file);
            } else {
                // Tokens from before key ids, or from a key this instance has not heard of yet.
                try (Stream<Path> files = Files.list(keyFolder)) {
                    candidates = files.filter(p -> p.getFileName().toString().endsWith(".key")).sorted().toList();
                }
            }
            for (var candidate : candidates) {
                if (Arrays.equals(hmac(readSecret(candidate), signed), mac)) {
                    return Optional.of(new String(DECODER.decode(parts[2]), UTF_8));
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] readSecret(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
