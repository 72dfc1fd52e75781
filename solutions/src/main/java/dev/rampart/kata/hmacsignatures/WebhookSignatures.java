package dev.rampart.kata.hmacsignatures;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies and checks the signatures of deliveries, for the services that send our
 * payment events and the ones that receive them.
 *
 * <p>The header is {@code t=<unix seconds>,v1=<hex>}, with one {@code v1} entry per active
 * secret, so that a receiver still holding the previous secret keeps working while secrets are
 * rotated. Receivers accept a delivery if any {@code v1} entry matches any of their secrets.
 *
 * <p>{@code v1} is HMAC-SHA256 keyed with the secret over {@code <t>.<the body's raw bytes>}:
 * HMAC, because {@code sha256(secret + message)} lets anyone who saw one signature extend the
 * message and compute the new one; the timestamp inside the MAC, so that it cannot be replaced,
 * and checked against a window, so that a captured delivery cannot be sent again later; the raw
 * bytes, because only they are what the sender signed.
 */
public final class WebhookSignatures {

    /** How far the timestamp may be from the receiver's clock, either way. */
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String ALGORITHM = "HmacSHA256";

    private final List<String> secrets;
    private final Clock clock;

    /**
     * @param secrets the active secrets, the newest first; during a rotation, the new one and
     *                the one it replaces
     * @param clock   where the time in the header comes from
     */
    public WebhookSignatures(List<String> secrets, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("No webhook secret: give at least the current one");
        }
        this.secrets = List.copyOf(secrets);
        this.clock = clock;
    }

    /** The {@code Webhook-Signature} header for a delivery of {@code body}, sent now. */
    public String sign(byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        var header = new StringJoiner(",");
        header.add("t=" + timestamp);
        for (var secret : secrets) {
            header.add("v1=" + HexFormat.of().formatHex(mac(secret, timestamp, body)));
        }
        return header.toString();
    }

    /** Whether {@code header} is a valid signature of {@code body} by one of the active secrets, made within the window. */
    public boolean verify(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        var timestamps = new ArrayList<String>();
        var given = new ArrayList<byte[]>();
        for (var entry : header.split(",")) {
            var pair = entry.strip().split("=", 2);
            if (pair.length != 2) {
                continue;
            }
            var value = pair[1].strip();
            if (pair[0].equals("t")) {
                timestamps.add(value);
            } else if (pair[0].equals("v1") && SIGNATURE.matcher(value).matches()) {
                // Entries of another length or not hex are somebody else's scheme: skip them, never compare a prefix.
                given.add(HexFormat.of().parseHex(value));
            }
        }
        var timestamp = timestamp(timestamps);
        if (timestamp.isEmpty() || !withinWindow(timestamp.getAsLong())) {
            return false;
        }
        for (var secret : secrets) {
            var expected = mac(secret, timestamp.getAsLong(), body);
            for (var signature : given) {
                // Constant time: how long the comparison takes says nothing about how many bytes match.
                if (MessageDigest.isEqual(expected, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The one timestamp of the header; none if it is missing, repeated or not a number of seconds. */
    private static OptionalLong timestamp(List<String> timestamps) {
        if (timestamps.size() != 1 || !TIMESTAMP.matcher(timestamps.get(0)).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(timestamps.get(0)));
    }

    private boolean withinWindow(long timestamp) {
        var age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant());
        return age.abs().compareTo(TOLERANCE) <= 0;
    }

    private static byte[] mac(String secret, long timestamp, byte[] body) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
        }
    }
}
