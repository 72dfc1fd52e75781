package dev.rampart.kata.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the verification keys once, at start-up, from a local folder: one file per key id.
 * A token can only pick among these keys by exact id; it can never name a file or a URL.
 */
final class KeyFolder {

    /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
    static final int MIN_HMAC_BYTES = 32;
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";

    private KeyFolder() {
    }

    static List<JWK> read(URI folder) {
        if (!"file".equals(folder.getScheme())) {
            throw new IllegalArgumentException("Verification keys are read from a local folder (a file: URI), not from "
                    + folder + ": copy them there at deployment");
        }
        var dir = Path.of(folder);
        var keys = new ArrayList<JWK>();
        try (Stream<Path> files = Files.list(dir)) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
                keys.add(key(file.getFileName().toString(), Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the verification keys in " + dir + ": " + e.getMessage(), e);
        }
        return keys;
    }

    private static JWK key(String keyId, byte[] content) {
        var text = new String(content, StandardCharsets.US_ASCII);
        if (text.startsWith(PEM_BEGIN)) {
            // Bound to RS256: whatever a header says, this key only ever checks RSA signatures.
            return new RSAKey.Builder(rsaPublicKey(keyId, text)).keyID(keyId)
                    .algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build();
        }
        if (content.length < MIN_HMAC_BYTES) {
            throw new IllegalArgumentException("The HMAC secret '" + keyId + "' is " + content.length * 8
                    + " bits; a shared secret must be at least 256 random bits (32 bytes from SecureRandom),"
                    + " or it can be cracked offline from a single token");
        }
        return new OctetSequenceKey.Builder(content).keyID(keyId)
                .algorithm(JWSAlgorithm.HS256).keyUse(KeyUse.SIGNATURE).build();
    }

    private static RSAPublicKey rsaPublicKey(String keyId, String pem) {
        try {
            var der = Base64.getMimeDecoder().decode(pem.replace(PEM_BEGIN, "").replace("-----END PUBLIC KEY-----", ""));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("The key file '" + keyId + "' is not a PEM RSA public key: " + e.getMessage(), e);
        }
    }
}
