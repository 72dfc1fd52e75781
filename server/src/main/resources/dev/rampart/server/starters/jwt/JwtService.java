package dev.rampart.kata.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues this service's access and refresh tokens (RS256, signed with its own key) and checks
 * the access tokens the API receives: its own, and those partner services sign with a shared
 * HMAC secret.
 */
public final class JwtService {

    private static final Duration ACCESS_LIFETIME = Duration.ofHours(24);
    private static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

    private final JwtSettings settings;
    private final String keyId;
    private final JWSSigner signer;
    private final Clock clock;

    /**
     * @param settings   issuer, audience and where the verification keys are
     * @param signingKey this service's RSA key pair; its key id names the public key's file
     * @param clock      the time tokens are issued by
     */
    public JwtService(JwtSettings settings, RSAKey signingKey, Clock clock) {
        this.settings = settings;
        this.keyId = signingKey.getKeyID();
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The signing key must hold an RSA private key: " + e.getMessage(), e);
        }
    }

    /** A token the client sends with each API call. */
    public String issueAccessToken(String subject) {
        return issue(subject, "access", ACCESS_LIFETIME);
    }

    /** A token the client keeps to get new access tokens without logging in again. */
    public String issueRefreshToken(String subject) {
        return issue(subject, "refresh", REFRESH_LIFETIME);
    }

    /** The subject of a valid access token, or empty when the token must be refused. */
    public Optional<String> verifyAccessToken(String token) {
        return verify(token).map(JWTClaimsSet::getSubject);
    }

    /** A new access token for the holder of a valid refresh token. */
    public Optional<String> refresh(String refreshToken) {
        return verify(refreshToken).map(claims -> issueAccessToken(claims.getSubject()));
    }

    private String issue(String subject, String use, Duration lifetime) {
        var now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", use)
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    private Optional<JWTClaimsSet> verify(String token) {
        try {
            var parts = token.split("\\.", -1);
            if (parts.length != 3) {
                return Optional.empty();
            }
            var header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
            var algorithm = JSONObjectUtils.getString(header, "alg");
            var keyId = JSONObjectUtils.getString(header, "kid");
            var signedPart = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            var signature = new Base64URL(parts[2]).decode();

            if (algorithm.startsWith("HS")) {
                var mac = Mac.getInstance("HmacSHA" + algorithm.substring(2));
                mac.init(new SecretKeySpec(readKey(keyId), mac.getAlgorithm()));
                if (!MessageDigest.isEqual(mac.doFinal(signedPart), signature)) {
                    return Optional.empty();
                }
            } else if (algorithm.startsWith("RS")) {
                var rsa = Signature.getInstance("SHA" + algorithm.substring(2) + "withRSA");
                rsa.initVerify(publicKey(readKey(keyId)));
                rsa.update(signedPart);
                if (!rsa.verify(signature)) {
                    return Optional.empty();
                }
            }
            return Optional.of(JWTClaimsSet.parse(new Base64URL(parts[1]).decodeToString()));
        } catch (ParseException | IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private byte[] readKey(String keyId) throws IOException {
        try (var in = settings.keyFolder().resolve(keyId).toURL().openStream()) {
            return in.readAllBytes();
        }
    }

    private static PublicKey publicKey(byte[] pem) throws GeneralSecurityException {
        var base64 = new String(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
