package dev.rampart.kata.keyrotation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.ClassFileCalls;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A service signs its session tokens with a {@link KeyRing}. Its key folder holds the session
 * key in service, the session key it replaced a day ago (retired today: its file was copied
 * into a support ticket, so treat it as leaked), the webhook key the service shares with a
 * payment partner, and the file of a session key from last year that nobody announces any more
 * (it is in an old backup the attacker has). The attacker holds the leaked key, last year's key, the partner's key, and can upload files
 * (avatars) into a folder beside the key folder. Every oracle asks the ring itself: does it give
 * back the payload of a token its owner never signed, or of one it should no longer trust? A
 * second instance of the service, which has not received a new key yet, checks that rotation
 * never makes tokens some instances refuse. Time is a {@link TestClock}; nothing sleeps.
 *
 * <p>Left out: measuring how long the comparison takes (thousands of samples on a quiet machine);
 * the suite checks that the MAC is compared with {@code MessageDigest.isEqual} instead, see
 * {@link #earlyExitComparison()}.
 */
class KeyRingTest {

    private static final Instant START = Instant.parse("2026-12-07T09:00:00Z");
    private static final Duration OVERLAP = Duration.ofHours(24);
    private static final String SESSION = "session";
    private static final String WEBHOOK = "webhook";
    private static final String CURRENT = "session-2026-12";
    private static final String LEAKED = "session-2026-11";
    private static final String NEXT = "session-2027-01";
    private static final String PARTNER = "partner-webhook-2026";
    private static final byte[] CURRENT_SECRET = "c7Vq2LxN9pWm4RtB8kHz1YdJ6sFa3GuE".getBytes(UTF_8);
    private static final byte[] LEAKED_SECRET = "l3Kp8WnR2xTq7VmC5bZd9HjF1sYa4GuQ".getBytes(UTF_8);
    private static final byte[] NEXT_SECRET = "n5Wd1QsK8vBx3RpL7mTz2HcJ9fYa6GuN".getBytes(UTF_8);
    private static final byte[] PARTNER_SECRET = "p9Hm4ZrT1cXw6NqB3vKd8LsJ2fYa7GuP".getBytes(UTF_8);
    private static final byte[] OLD_SECRET = "o8Jc3VtM6wQz1KpR9nBx4LdH7sFa2GuO".getBytes(UTF_8);
    private static final byte[] PLANTED_SECRET = "the attacker's own avatar bytes".getBytes(UTF_8);
    private static final String CLAIMS = "{\"sub\":\"user-4711\",\"scope\":\"orders:read\"}";
    private static final String FORGED = "{\"sub\":\"admin\",\"scope\":\"*\"}";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    @TempDir
    Path tmp;
    private Path keys;
    private TestClock clock;
    private KeyRing ring;

    @BeforeEach
    void setUp() throws IOException {
        keys = Files.createDirectories(tmp.resolve("keys"));
        Files.write(keys.resolve(CURRENT + ".key"), CURRENT_SECRET);
        Files.write(keys.resolve(LEAKED + ".key"), LEAKED_SECRET);
        Files.write(keys.resolve(PARTNER + ".key"), PARTNER_SECRET);
        Files.write(keys.resolve("session-2025-01.key"), OLD_SECRET);
        Files.write(Files.createDirectories(tmp.resolve("uploads")).resolve("avatar.key"), PLANTED_SECRET);
        clock = TestClock.at(START);
        ring = new KeyRing(keys, clock, OVERLAP);
        ring.add(LEAKED, SESSION, START.minus(Duration.ofDays(31)));
        ring.add(CURRENT, SESSION, START.minus(Duration.ofDays(1)));
        ring.add(PARTNER, WEBHOOK, START.minus(Duration.ofDays(90)));
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} under the key id {2} verifies")
    @PayloadFile("key-rotation/legitimate-tokens.txt")
    void honestTokensVerify(String what, String payload, String kid) throws IOException {
        Files.write(keys.resolve(kid + ".key"), NEXT_SECRET);
        ring.add(kid, SESSION, START.minusSeconds(60));

        var token = ring.sign(SESSION, payload);

        assertThat(ring.verify(SESSION, token)).as("%s signed by the ring itself", what).contains(payload);
    }

    @Test
    void tokensOfEachPurposeVerifyForThatPurpose() {
        assertThat(ring.verify(SESSION, ring.sign(SESSION, CLAIMS))).contains(CLAIMS);
        assertThat(ring.verify(WEBHOOK, ring.sign(WEBHOOK, "{\"event\":\"paid\"}"))).contains("{\"event\":\"paid\"}");
    }

    @ParameterizedTest(name = "a token of the retired key presented {0} after its retirement still verifies")
    @PayloadFile("key-rotation/within-window.txt")
    void retiredKeyVerifiesDuringTheWindow(String when, String delay) throws IOException {
        var before = signedByRingWithOnly(LEAKED, LEAKED_SECRET);
        ring.retire(LEAKED);
        clock.advance(Duration.parse(delay));

        assertThat(ring.verify(SESSION, before)).as("a token signed before the rotation, %s", when).contains(CLAIMS);
    }

    @Test
    void aTamperedTokenIsRefused() {
        var token = ring.sign(SESSION, CLAIMS);
        var parts = token.split("\\.");
        var tampered = parts[0] + "." + parts[1] + "." + B64.encodeToString(FORGED.getBytes(UTF_8)) + "." + parts[3];

        assertThat(ring.verify(SESSION, tampered)).isEmpty();
        assertThat(ring.verify(SESSION, token.substring(0, token.length() - 2))).isEmpty();
        assertThat(ring.verify(SESSION, "not a token")).isEmpty();
        assertThat(ring.verify(SESSION, parts[0] + "." + parts[1])).isEmpty();
        assertThat(ring.verify(SESSION, token + "." + parts[3])).isEmpty();
    }

    @Test
    void signingWithoutAKeyForThePurposeFails() {
        assertThatThrownBy(() -> ring.sign("invoices", CLAIMS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyAnnouncedAheadVerifiesAndThenSigns() throws IOException {
        Files.write(keys.resolve(NEXT + ".key"), NEXT_SECRET);
        ring.add(NEXT, SESSION, START.plus(Duration.ofDays(7)));
        var early = forge(NEXT, START, CLAIMS, NEXT_SECRET);
        assertThat(ring.verify(SESSION, early)).as("a token of a key already distributed").contains(CLAIMS);

        clock.advance(Duration.ofDays(7));
        var token = ring.sign(SESSION, CLAIMS);
        assertThat(peerKnowing(NEXT, NEXT_SECRET).verify(SESSION, token))
                .as("once its notBefore has come, the new key signs: an instance that knows only it verifies the token")
                .contains(CLAIMS);
    }

    // ---------------------------------------------------------------- retired keys

    @AttackFamily("a token signed with the leaked, retired key is accepted after the overlap window")
    @PayloadFile("key-rotation/stale-retired-key.txt")
    void retiredKeyAfterTheWindow(String when, String delay) {
        ring.retire(LEAKED);
        clock.advance(Duration.parse(delay));
        var forged = forge(LEAKED, clock.instant(), FORGED, LEAKED_SECRET);

        assertThat(ring.verify(SESSION, forged)).as("a token minted with the retired key, presented %s", when).isEmpty();
    }

    @Attack("a token from the leaked key, backdated to before its retirement, is accepted a month later")
    void backdatedIssueTime() {
        ring.retire(LEAKED);
        clock.advance(Duration.ofDays(30));
        var forged = forge(LEAKED, START.minus(Duration.ofHours(1)), FORGED, LEAKED_SECRET);

        assertThat(ring.verify(SESSION, forged))
                .as("the issue time is written by whoever holds the key: the window must run from the ring's record of the retirement")
                .isEmpty();
    }

    @Test
    void aRetiredKeySignsNoMore() throws IOException {
        Files.write(keys.resolve(NEXT + ".key"), NEXT_SECRET);
        ring.add(NEXT, SESSION, START.minus(Duration.ofDays(90)));
        ring.retire(CURRENT);
        ring.retire(LEAKED);

        var token = ring.sign(SESSION, CLAIMS);
        clock.advance(OVERLAP.plusHours(1));

        assertThat(ring.verify(SESSION, token)).as("a token signed after both newer keys were retired").contains(CLAIMS);
    }

    // ---------------------------------------------------------------- kid tricks

    @AttackFamily("the token's kid makes the ring check it with a key the attacker holds")
    @PayloadFile("key-rotation/kid-tricks.txt")
    void kidTricks(String what, String kid, String signer) {
        ring.retire(LEAKED);
        clock.advance(Duration.ofDays(30));
        var secret = switch (signer) {
            case "planted" -> PLANTED_SECRET;
            case "partner" -> PARTNER_SECRET;
            case "leaked" -> LEAKED_SECRET;
            case "old" -> OLD_SECRET;
            default -> throw new IllegalArgumentException(signer);
        };
        var forged = forge(kid.replace("{tmp}", tmp.toString()).replace("<none>", ""), clock.instant(), FORGED, secret);

        assertThat(ring.verify(SESSION, forged)).as("a session token with %s, signed with the %s key", what, signer).isEmpty();
    }

    @Attack("a webhook signed with the partner's key is accepted as a session token")
    void anotherPurposesKey() {
        var webhook = ring.sign(WEBHOOK, FORGED);

        assertThat(ring.verify(SESSION, webhook)).as("a token the webhook key signed, checked as a session").isEmpty();
    }

    @Attack("the MAC is compared with a check that stops at the first differing byte")
    void earlyExitComparison() {
        var calls = ClassFileCalls.calledBy(KeyRing.class);

        assertThat(calls)
                .as("the keyring never calls MessageDigest.isEqual: Arrays.equals and String.equals return at the first byte"
                        + " that differs, and over many requests that time gives a MAC away byte by byte (comparisons called: %s)",
                        calls.stream().filter(c -> c.matches(".*\\.(equals|equalsIgnoreCase|contentEquals|compare|mismatch)")).toList())
                .contains("java/security/MessageDigest.isEqual");
    }

    // ---------------------------------------------------------------- keys not yet active

    @Attack("a key announced for next week signs today, before every instance has it")
    void futureKeySigns() throws IOException {
        Files.write(keys.resolve(NEXT + ".key"), NEXT_SECRET);
        ring.add(NEXT, SESSION, START.plus(Duration.ofDays(7)));

        var token = ring.sign(SESSION, CLAIMS);

        assertThat(peerKnowing(CURRENT, CURRENT_SECRET).verify(SESSION, token))
                .as("an instance that has the key in service but not next week's key checks a token signed today")
                .contains(CLAIMS);
    }

    @Attack("an older key announced last signs instead of the newest active key")
    void lastAddedIsNotNewest() throws IOException {
        Files.write(keys.resolve("session-2026-10.key"), NEXT_SECRET);
        ring.add("session-2026-10", SESSION, START.minus(Duration.ofDays(60)));

        var token = ring.sign(SESSION, CLAIMS);

        assertThat(peerKnowing(CURRENT, CURRENT_SECRET).verify(SESSION, token))
                .as("an older key re-announced to check tokens restored from a backup; the instances have only the key in service")
                .contains(CLAIMS);
    }

    // ---------------------------------------------------------------- helpers

    /** A second instance of the service, whose key folder holds only the one key it was given. */
    private KeyRing peerKnowing(String kid, byte[] secret) {
        try {
            var folder = Files.createDirectories(tmp.resolve("peer-" + kid));
            Files.write(folder.resolve(kid + ".key"), secret);
            var peer = new KeyRing(folder, clock, OVERLAP);
            peer.add(kid, SESSION, START.minus(Duration.ofDays(365)));
            return peer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A token signed by the ring while the given key was the only session key it had. */
    private String signedByRingWithOnly(String kid, byte[] secret) throws IOException {
        var folder = Files.createDirectories(tmp.resolve("only-" + kid));
        Files.write(folder.resolve(kid + ".key"), secret);
        var earlier = new KeyRing(folder, clock, OVERLAP);
        earlier.add(kid, SESSION, START.minus(Duration.ofDays(31)));
        return earlier.sign(SESSION, CLAIMS);
    }

    /** A token in the ring's documented format, signed by whoever holds the secret. */
    static String forge(String kid, Instant issuedAt, String payload, byte[] secret) {
        var signed = B64.encodeToString(kid.getBytes(UTF_8)) + "." + issuedAt.getEpochSecond() + "."
                + B64.encodeToString(payload.getBytes(UTF_8));
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signed + "." + B64.encodeToString(mac.doFinal(signed.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
