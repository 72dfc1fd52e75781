package dev.rampart.kata.hmacsignatures;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * Signs webhook bodies and checks the signatures of deliveries, for the services that send our
 * payment events and the ones that receive them.
 *
 * <p>The header is {@code t=<unix seconds>,v1=<hex>}, with one {@code v1} entry per active
 * secret, so that a receiver still holding the previous secret keeps working while secrets are
 * rotated. Receivers accept a delivery if any {@code v1} entry matches any of their secrets.
 */
public final class WebhookSignatures {

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
        var header = new StringJoiner(",");
        header.add("t=" + clock.instant().getEpochSecond());
        for (var secret : secrets) {
            header.add("v1=" + digest(secret, body));
        }
        return header.toString();
    }

    /** Whether {@code header} is a valid signature of {@code body} by one of the active secrets. */
    public boolean verify(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        var given = new ArrayList<String>();
        for (var entry : header.split(",")) {
            var pair = entry.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("v1")) {
                given.add(pair[1].strip());
            }
        }
        for (var secret : secrets) {
            var expected = digest(secret, body);
            for (var signature : given) {
                if (expected.regionMatches(true, 0, signature, 0, signature.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String digest(String secret, byte[] body) {
        try {
            var sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(secret.getBytes(StandardCharsets.UTF_8));
            sha256.update(body);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
