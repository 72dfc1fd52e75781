package dev.rampart.kata.jwt;

import static dev.rampart.kata.jwt.Forge.AUDIENCE;
import static dev.rampart.kata.jwt.Forge.ISSUER;
import static dev.rampart.kata.jwt.Forge.accessClaims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Access and refresh tokens, attacked the ways JWT verifiers have fallen in the wild: no
 * signature, the public key used as an HMAC secret, keys fetched from wherever the token says,
 * guessable secrets, and claims that were never checked.
 *
 * <p>The fixture is a key folder like a deployment has: {@code rsa-2025} (the service's public
 * key, which anyone may download), {@code rsa-2024} (the key it signed with before the last
 * rotation, still trusted for the tokens issued under it) and {@code partner-2025} (an HMAC
 * secret shared with the billing service). Beside it, a folder of user uploads holds the
 * attacker's avatar.
 *
 * <p>Payloads in kid-injection.txt may hold {@code {uploads}} (the uploads folder's absolute
 * path) and {@code {port}} (a loopback server the attacker runs, which hands out the attacker's
 * secret and counts how often it is asked).
 *
 * <p>Left out: {@code jku}, {@code x5u} and embedded {@code jwk} headers (this service never reads
 * them, so no starter a team would write falls to them; the kid family covers remote keys); a
 * real ECDSA key under "psychic signatures" (CVE-2022-21449 is fixed in every JDK this builds on
 * and the service holds no EC key: the zero signature is still sent, in unexpected-algorithms.txt,
 * to a verifier that should not even look at it); a kid used in SQL (keys are files here); long
 * secrets that are still in public lists (a length floor cannot see them: the lesson says to
 * generate secrets, never choose them); {@code nbf} and an {@code iat} in the future on their own
 * (a far-off {@code iat} only matters when a lifetime is measured from it, and far-future-expiries.txt
 * sends that).
 */
class JwtServiceTest {

    private static final Instant NOW = Instant.parse("2025-06-02T08:00:00Z");
    private static final String RSA_KID = "rsa-2025";
    private static final String PREVIOUS_RSA_KID = "rsa-2024";
    private static final String PARTNER_KID = "partner-2025";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static RSAKey serviceKey;
    private static RSAKey previousKey;
    private static RSAKey strangerKey;

    @TempDir
    Path deployment;

    private final TestClock clock = TestClock.at(NOW);
    private final byte[] attackerSecret = randomBytes(32);
    private Path keys;
    private Path uploads;
    private byte[] partnerSecret;

    @BeforeAll
    static void generateKeys() throws JOSEException {
        serviceKey = new RSAKeyGenerator(2048).keyID(RSA_KID).generate();
        previousKey = new RSAKeyGenerator(2048).keyID(PREVIOUS_RSA_KID).generate();
        strangerKey = new RSAKeyGenerator(2048).keyID(RSA_KID).generate();
    }

    @BeforeEach
    void deploy() throws IOException {
        keys = Files.createDirectories(deployment.resolve("keys"));
        uploads = Files.createDirectories(deployment.resolve("uploads"));
        Files.writeString(keys.resolve(RSA_KID), Forge.pem(serviceKey), StandardCharsets.US_ASCII);
        Files.writeString(keys.resolve(PREVIOUS_RSA_KID), Forge.pem(previousKey), StandardCharsets.US_ASCII);
        partnerSecret = randomBytes(32);
        Files.write(keys.resolve(PARTNER_KID), partnerSecret);
        Files.write(uploads.resolve("avatar.png"), attackerSecret);
    }

    private JwtService service() {
        return new JwtService(new JwtSettings(ISSUER, AUDIENCE, keys.toUri()), serviceKey, clock);
    }

    // ---------------------------------------------------------------- honest use

    @Test
    void anIssuedAccessTokenNamesItsSubject() {
        var service = service();

        assertThat(service.verifyAccessToken(service.issueAccessToken("alice"))).contains("alice");
    }

    @Test
    void anAccessTokenWorksForItsFirstMinutes() {
        var service = service();
        var token = service.issueAccessToken("alice");
        clock.advance(Duration.ofMinutes(10));

        assertThat(service.verifyAccessToken(token)).as("alice's token ten minutes after login").contains("alice");
    }

    @Test
    void aRefreshTokenBuysAFreshAccessTokenTheNextDay() {
        var service = service();
        var refresh = service.issueRefreshToken("alice");
        clock.advance(Duration.ofDays(1));

        var access = service.refresh(refresh);

        assertThat(access).as("a new access token for alice's refresh token").isPresent();
        assertThat(service.verifyAccessToken(access.orElseThrow())).contains("alice");
    }

    @Test
    void aTokenWithAlteredClaimsIsRefused() {
        var service = service();
        var token = service.issueAccessToken("alice");

        var altered = Forge.withClaims(token, accessClaims("admin", NOW).build());

        assertThat(service.verifyAccessToken(altered)).isEmpty();
    }

    @Test
    void aTokenSignedByAnotherRsaKeyIsRefused() {
        var service = service();

        assertThat(service.verifyAccessToken(Forge.rs256(strangerKey, RSA_KID, accessClaims("admin", NOW).build()))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-token", "a.b.c", "a.b", "....", "eyJhbGciOiJSUzI1NiJ9.e30.AAAA"})
    void malformedTokensAreRefused(String token) {
        assertThat(service().verifyAccessToken(token)).isEmpty();
    }

    @ParameterizedTest(name = "{0} with key {1} is accepted")
    @PayloadFile("jwt/legitimate-algorithms.txt")
    void properlySignedTokensAreAccepted(String algorithm, String keyId) {
        var claims = accessClaims("billing-job", NOW).build();
        var token = algorithm.startsWith("RS") ? Forge.rs256(rsaKey(keyId), keyId, claims)
                : Forge.hmac(algorithm, partnerSecret, keyId, claims);

        assertThat(service().verifyAccessToken(token)).contains("billing-job");
    }

    @ParameterizedTest(name = "a token signed with key {0} is accepted")
    @PayloadFile("jwt/legitimate-kids.txt")
    void tokensNamingTheApisOwnKeysAreAccepted(String keyId) {
        var claims = accessClaims("billing-job", NOW).build();
        var token = keyId.startsWith("rsa-") ? Forge.rs256(rsaKey(keyId), keyId, claims) : Forge.hmac("HS256", partnerSecret, keyId, claims);

        assertThat(service().verifyAccessToken(token)).contains("billing-job");
    }

    @ParameterizedTest(name = "a token with {0} left is accepted")
    @PayloadFile("jwt/legitimate-expiries.txt")
    void tokensInsideTheirLifetimeAreAccepted(String left) {
        var claims = accessClaims("alice", NOW).expirationTime(Date.from(NOW.plus(Duration.parse(left)))).build();

        assertThat(service().verifyAccessToken(Forge.rs256(serviceKey, RSA_KID, claims))).contains("alice");
    }

    @ParameterizedTest(name = "iss {0}, aud {1} is accepted")
    @PayloadFile("jwt/legitimate-issuer-and-audience.txt")
    void tokensForThisApiAreAccepted(String issuer, String audience) {
        var claims = withIssuerAndAudience(accessClaims("alice", NOW), issuer, audience).build();

        assertThat(service().verifyAccessToken(Forge.rs256(serviceKey, RSA_KID, claims))).contains("alice");
    }

    @ParameterizedTest(name = "a partner secret of {0} is usable")
    @PayloadFile("jwt/legitimate-hmac-secrets.txt")
    void strongPartnerSecretsWork(String secret) throws IOException {
        Files.writeString(keys.resolve(PARTNER_KID), secret, StandardCharsets.UTF_8);
        var token = Forge.hmac("HS256", secret.getBytes(StandardCharsets.UTF_8), PARTNER_KID,
                accessClaims("billing-job", NOW).build());

        assertThat(service().verifyAccessToken(token)).contains("billing-job");
    }

    @Test
    void aSubfolderOfRetiredKeysIsLeftAlone() throws IOException {
        var retired = Files.createDirectories(keys.resolve("retired"));
        Files.writeString(retired.resolve("rsa-2023"), Forge.pem(strangerKey), StandardCharsets.US_ASCII);
        var service = service();

        assertThat(service.verifyAccessToken(service.issueAccessToken("alice"))).contains("alice");
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("an unsigned token claiming to be the admin is accepted")
    @PayloadFile("jwt/unsigned-algorithms.txt")
    void unsignedToken(String algorithm) {
        var forged = Forge.unsigned(algorithm, accessClaims("admin", NOW).build());

        assertThat(service().verifyAccessToken(forged))
                .as("a token with \"alg\": \"%s\" and no signature at all logged the attacker in: the server, not the token,"
                        + " decides which algorithms are acceptable", algorithm)
                .isEmpty();
    }

    @AttackFamily("a token signed with HMAC, keyed with one of the service's published RSA public keys, is accepted")
    @PayloadFile("jwt/hmac-with-public-key.txt")
    void publicKeyAsHmacSecret(String algorithm, String keyId) {
        var service = service();
        var claims = accessClaims("admin", NOW).build();
        // Public: anyone can download the key. Which bytes of it the server might use as a secret is
        // not public, so the attacker signs once per form and keeps whatever gets in.
        var acceptedWith = new ArrayList<String>();
        Forge.publicKeyForms(rsaKey(keyId)).forEach((form, bytes) -> {
            if (service.verifyAccessToken(Forge.hmac(algorithm, bytes, keyId, claims)).isPresent()) {
                acceptedWith.add(form);
            }
        });

        assertThat(acceptedWith)
                .as("the attacker signed an admin token with %s keyed with the public key %s, and it was accepted with these"
                        + " forms of the key as the secret: an RSA key must only ever check RSA signatures, whatever alg the"
                        + " token names", algorithm, keyId)
                .isEmpty();
    }

    @AttackFamily("a token naming an algorithm the API never uses gets in without a valid signature")
    @PayloadFile("jwt/unexpected-algorithms.txt")
    void unexpectedAlgorithm(String algorithm, String signatureBytes) {
        var forged = Forge.withSignature(algorithm, RSA_KID, accessClaims("admin", NOW).build(),
                new byte[Integer.parseInt(signatureBytes)]);

        assertThat(service().verifyAccessToken(forged))
                .as("a token with \"alg\": \"%s\" and a signature of %s zero bytes logged the attacker in: accept the"
                        + " algorithms the API uses and refuse every other, instead of checking the ones you recognise",
                        algorithm, signatureBytes)
                .isEmpty();
    }

    @AttackFamily("an expired token is still accepted")
    @PayloadFile("jwt/expired.txt")
    void expiredToken(String ago) {
        var expiredAt = NOW.minus(Duration.parse(ago));
        var claims = accessClaims("alice", expiredAt.minus(Duration.ofMinutes(10)))
                .expirationTime(Date.from(expiredAt)).build();

        assertThat(service().verifyAccessToken(Forge.rs256(serviceKey, RSA_KID, claims)))
                .as("a token that expired %s ago still logged its holder in: a valid signature does not make a token valid", ago)
                .isEmpty();
    }

    @Attack("a token without an expiry is accepted, so once stolen it works forever")
    void tokenWithoutExpiry() {
        var claims = accessClaims("alice", NOW).expirationTime(null).build();

        assertThat(service().verifyAccessToken(Forge.rs256(serviceKey, RSA_KID, claims)))
                .as("a token with no exp claim was accepted: require the expiry, don't just check it when it is there")
                .isEmpty();
    }

    @AttackFamily("a partner's token that expires years from now is accepted")
    @PayloadFile("jwt/far-future-expiries.txt")
    void farFutureExpiry(String exp, String iat) {
        var claims = accessClaims("billing-job", NOW).claim("exp", numericDate(exp)).claim("iat", numericDate(iat)).build();
        var token = Forge.hmac("HS256", partnerSecret, PARTNER_KID, claims);

        assertThat(service().verifyAccessToken(token))
                .as("the billing service's token with exp %s (that is %s) and iat %s was accepted, so once stolen it works"
                        + " for as long as that: cap how long a token may still live, measured from now, not from the"
                        + " issuer's own iat", exp, Forge.claimsOf(token).getExpirationTime().toInstant(), iat)
                .isEmpty();
    }

    @Attack("a stolen access token still works 65 minutes after it was issued")
    void accessTokenLivesTooLong() {
        var service = service();
        var token = service.issueAccessToken("alice");
        clock.advance(Duration.ofMinutes(65));

        assertThat(service.verifyAccessToken(token))
                .as("alice's access token (lifetime %s) still works 65 minutes later: access tokens should live"
                        + " an hour at most, and the expiry must be checked", lifetime(token))
                .isEmpty();
    }

    @Attack("a refresh token is accepted as an access token")
    void refreshTokenUsedAsAccessToken() {
        var service = service();
        var refresh = service.issueRefreshToken("alice");
        var acceptedWhen = new ArrayList<String>();
        if (service.verifyAccessToken(refresh).isPresent()) {
            acceptedWhen.add("right after it was issued");
        }
        // Near its end a refresh token has no more time left than an access token: only its kind tells them apart.
        clock.advance(lifetime(refresh).minus(Duration.ofMinutes(30)));
        if (service.verifyAccessToken(refresh).isPresent()) {
            acceptedWhen.add("in its last half hour");
        }

        assertThat(acceptedWhen)
                .as("a long-lived refresh token (lifetime %s) worked as an access token: check which kind of token you were given",
                        lifetime(refresh))
                .isEmpty();
    }

    @Attack("an access token is traded for a fresh one again and again, so a stolen token never dies")
    void accessTokenUsedAsRefreshToken() {
        var service = service();
        var access = service.issueAccessToken("alice");

        assertThat(service.refresh(access))
                .as("the refresh endpoint minted a new access token from an access token: only refresh tokens may be refreshed")
                .isEmpty();
    }

    @AttackFamily("a token minted for another issuer or audience is accepted")
    @PayloadFile("jwt/foreign-issuer-or-audience.txt")
    void foreignIssuerOrAudience(String issuer, String audience) {
        var claims = withIssuerAndAudience(accessClaims("alice", NOW), issuer, audience).build();

        assertThat(service().verifyAccessToken(Forge.rs256(serviceKey, RSA_KID, claims)))
                .as("a token from issuer %s for audience %s was accepted here: require this API's issuer and audience exactly",
                        issuer, audience)
                .isEmpty();
    }

    @Attack("a key leaked before a rotation still signs tokens when its public file is left under the new key's id")
    void staleFileUnderTheSigningKeysId() throws IOException {
        // The key pair behind rsa-2025 was replaced after a leak, but the deployment still ships the old public file.
        Files.writeString(keys.resolve(RSA_KID), Forge.pem(strangerKey), StandardCharsets.US_ASCII);
        var service = service();

        var forged = Forge.rs256(strangerKey, RSA_KID, accessClaims("admin", NOW).build());

        assertThat(service.verifyAccessToken(forged))
                .as("an admin token signed with the leaked key was accepted because its public file still sits in the key folder"
                        + " under %s: for its own id the service trusts the key it signs with, not a file", RSA_KID)
                .isEmpty();
    }

    @AttackFamily("a token signed with a well-known HMAC secret is cracked offline and forged")
    @PayloadFile("jwt/weak-hmac-secrets.txt")
    void weakHmacSecret(String secret) throws IOException {
        Files.writeString(keys.resolve(PARTNER_KID), secret, StandardCharsets.UTF_8);
        var service = startOrRefuse();
        var captured = Forge.hmac("HS256", secret.getBytes(StandardCharsets.UTF_8), PARTNER_KID,
                accessClaims("billing-job", NOW).build());

        var dictionary = Payloads.load("jwt/weak-hmac-secrets.txt").payloads();
        var forged = service.flatMap(s -> Forge.crack(captured, dictionary)
                .map(cracked -> Forge.hmac("HS256", cracked, PARTNER_KID, accessClaims("admin", NOW).build()))
                .flatMap(s::verifyAccessToken));

        assertThat(forged)
                .as("the attacker found the partner secret \"%s\" in a public list by trying it against one captured token,"
                        + " then signed an admin token with it: refuse to run with a secret under 256 random bits", secret)
                .isEmpty();
    }

    @AttackFamily("a kid naming a file or a URL makes the service check the token with the attacker's own key")
    @PayloadFile("jwt/kid-injection.txt")
    void keyIdNamesAFileOrUrl(String kidTemplate) throws IOException {
        var fetched = new AtomicInteger();
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, attackerSecret.length);
            exchange.getResponseBody().write(attackerSecret);
            exchange.close();
        });
        server.start();
        try {
            var kid = kidTemplate.replace("{uploads}", uploads.toString())
                    .replace("{port}", String.valueOf(server.getAddress().getPort()));
            var forged = Forge.hmac("HS256", attackerSecret, kid, accessClaims("admin", NOW).build());

            var accepted = service().verifyAccessToken(forged);

            assertThat(accepted)
                    .as("kid %s made the service load the attacker's secret and accept an admin token signed with it:"
                            + " a key id may only pick one of the keys the service already holds", kid)
                    .isEmpty();
            assertThat(fetched)
                    .as("the service fetched a key from a server the token named (kid %s)", kid)
                    .hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Optional<JwtService> startOrRefuse() {
        try {
            return Optional.of(service());
        } catch (RuntimeException refusedToStart) {
            return Optional.empty();
        }
    }

    private static RSAKey rsaKey(String keyId) {
        return keyId.equals(PREVIOUS_RSA_KID) ? previousKey : serviceKey;
    }

    /**
     * A NumericDate claim from a payload: {@code now}, then durations to add or subtract
     * ({@code now+P365D-PT10M}), in seconds as RFC 7519 says, or in milliseconds with a trailing
     * {@code ms}, the partner's bug; {@code (none)} leaves the claim out.
     */
    private static Long numericDate(String expression) {
        if (expression.equals("(none)")) {
            return null;
        }
        var millis = expression.endsWith(" ms");
        var offsets = expression.replaceFirst(" ms$", "").replaceFirst("^now", "");
        var at = NOW;
        for (var offset : Pattern.compile("[+-]P[^+-]+").matcher(offsets).results().map(MatchResult::group).toList()) {
            var duration = Duration.parse(offset.substring(1));
            at = offset.startsWith("+") ? at.plus(duration) : at.minus(duration);
        }
        return millis ? at.toEpochMilli() : at.getEpochSecond();
    }

    private static JWTClaimsSet.Builder withIssuerAndAudience(JWTClaimsSet.Builder claims, String issuer, String audience) {
        claims.issuer(issuer.equals("(none)") ? null : issuer);
        claims.audience(audience.equals("(none)") ? null : Arrays.asList(audience.split(",")));
        return claims;
    }

    private static Duration lifetime(String token) {
        var claims = Forge.claimsOf(token);
        return claims.getExpirationTime() == null || claims.getIssueTime() == null ? Duration.ZERO
                : Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    }

    private static byte[] randomBytes(int n) {
        var bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
