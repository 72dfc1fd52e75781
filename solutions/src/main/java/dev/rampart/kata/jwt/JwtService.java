package dev.rampart.kata.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues this service's access and refresh tokens (RS256, signed with its own key) and checks
 * the access tokens the API receives: its own, and those partner services sign with a shared
 * HMAC secret.
 *
 * <p>Verification is nimbus-jose-jwt's {@link DefaultJWTProcessor}, configured so that nothing
 * in the token chooses how it is checked: the keys are loaded once at start-up, each key is
 * bound to one algorithm, unsigned tokens are refused, and the claims that make a token valid
 * here (issuer, audience, kind, expiry) are required, not just checked when present.
 */
public final class JwtService {

    /** A stolen access token is worth minutes, not a day; clients refresh quietly. */
    static final Duration ACCESS_LIFETIME = Duration.ofMinutes(15);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(14);
    /**
     * The most time an access token may still have left when it arrives, whoever issued it. The
     * issuer writes exp: a partner that writes it in milliseconds, or forgets to cap it, must not
     * hand out tokens that work for years.
     */
    static final Duration MAX_ACCESS_LIFETIME = Duration.ofHours(1);

    /** The only algorithms this API accepts; each key below also names its own. */
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256);

    private final JwtSettings settings;
    private final String keyId;
    private final JWSSigner signer;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> accessTokens;
    private final DefaultJWTProcessor<SecurityContext> refreshTokens;

    /**
     * @param settings   issuer, audience and where the verification keys are
     * @param signingKey this service's RSA key pair; its key id names the public key's file
     * @param clock      the time tokens are issued and checked by
     * @throws IllegalArgumentException if a key in the folder is unusable (an HMAC secret under
     *                                  256 bits, say): better to refuse to start than to accept forgeries
     */
    public JwtService(JwtSettings settings, RSAKey signingKey, Clock clock) {
        this.settings = settings;
        this.keyId = signingKey.getKeyID();
        this.clock = clock;
        RSAKey own;
        try {
            this.signer = new RSASSASigner(signingKey);
            own = new RSAKey.Builder(signingKey.toRSAPublicKey()).keyID(keyId).algorithm(JWSAlgorithm.RS256).build();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The signing key must hold an RSA key pair: " + e.getMessage(), e);
        }
        var trusted = new ArrayList<JWK>(KeyFolder.read(settings.keyFolder()));
        trusted.removeIf(k -> keyId.equals(k.getKeyID()));
        trusted.add(own);
        // Access tokens: ours and the partners'. Refresh tokens: only ever ours.
        this.accessTokens = processor(trusted, "access", MAX_ACCESS_LIFETIME);
        this.refreshTokens = processor(List.of(own), "refresh", REFRESH_LIFETIME);
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
        return verify(accessTokens, token).map(JWTClaimsSet::getSubject);
    }

    /** A new access token for the holder of a valid refresh token. */
    public Optional<String> refresh(String refreshToken) {
        return verify(refreshTokens, refreshToken).map(claims -> issueAccessToken(claims.getSubject()));
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

    private static Optional<JWTClaimsSet> verify(DefaultJWTProcessor<SecurityContext> processor, String token) {
        try {
            return Optional.of(processor.process(token, null));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor(List<JWK> keys, String use, Duration maxLifetime) {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        // The key selector matches the header's kid AND the key's type and algorithm: an HS256
        // header naming an RSA key finds no key at all, so the public key never becomes a secret.
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED, new ImmutableJWKSet<>(new JWKSet(keys))));
        var mustMatch = new JWTClaimsSet.Builder().issuer(settings.issuer()).claim("token_use", use).build();
        // nimbus checks exp only when present: requiring it is what makes a token without one invalid.
        processor.setJWTClaimsSetVerifier(new ClockedClaimsVerifier(settings.audience(), mustMatch,
                Set.of("sub", "iat", "exp"), clock, maxLifetime));
        return processor;
    }

    /**
     * nimbus' claims verifier (60 s of clock skew allowed), reading the time from our clock, and
     * refusing a token that has more than {@code maxLifetime} left.
     */
    private static final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final Clock clock;
        private final Duration maxLifetime;

        ClockedClaimsVerifier(String audience, JWTClaimsSet mustMatch, Set<String> required, Clock clock, Duration maxLifetime) {
            super(audience, mustMatch, required);
            this.clock = clock;
            this.maxLifetime = maxLifetime;
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            // Measured from now, not from iat: the issuer writes both, and exp - iat stays small when
            // both are far ahead. A NumericDate in milliseconds lands tens of thousands of years away.
            var latest = clock.instant().plus(maxLifetime).plusSeconds(getMaxClockSkew());
            if (claims.getExpirationTime().toInstant().isAfter(latest)) {
                throw new BadJWTException("The token expires more than " + maxLifetime + " from now");
            }
        }
    }
}
