package dev.rampart.kata.securetokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Password-reset and session tokens, attacked the way real tokens are: predicted from the
 * attacker's own, rebuilt from how long a comparison takes (counted here, character by
 * character, instead of timed), replayed, and used long after they should have died.
 *
 * <p>The prediction models {@code java.util.Random} only (bytes from {@code nextBytes}, or
 * {@code nextInt}/{@code nextLong} written big-endian, in hex or Base64 of either alphabet).
 * {@code ThreadLocalRandom}, {@code SplittableRandom} and every other fast generator are no
 * better for secrets, and rather than a predictor for each, the suite judges the class: it holds
 * {@code SecureRandom} still ({@link HeldSecureRandom}) and checks that the tokens stop changing.
 *
 * <p>Two redemptions of one reset link race through a clock that makes them meet
 * ({@link Rendezvous}) once both have found the token: no sleep decides the outcome.
 *
 * <p>Left out: wall-clock timing of the comparison (noisy on a shared machine, and the counting
 * oracle shows the same leak exactly); session fixation and cookie flags (the session-cookies
 * kata); an idle timeout (only the absolute lifetime is required here); rate limiting of failed
 * redemptions (a good second layer, but not a fix for a comparison that leaks).
 */
class TokenServiceTest {

    private static final Instant NINE_AM = Instant.parse("2025-03-03T09:00:00Z");
    /** Every character a Base64 or Base64url token can hold. */
    private static final String TOKEN_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
    private static final int SAMPLES = 1024;

    private final TestClock clock = TestClock.at(NINE_AM);
    private final TokenService tokens = new TokenService(clock);

    private static AutoCloseable heldSecureRandom;

    @BeforeAll
    static void watchSecureRandom() {
        heldSecureRandom = HeldSecureRandom.install();
    }

    @AfterAll
    static void stopWatchingSecureRandom() throws Exception {
        heldSecureRandom.close();
    }

    // ---------------------------------------------------------------- honest use

    @Test
    void aResetTokenLetsItsOwnerChooseANewPassword() {
        var token = tokens.issueResetToken("alice");

        assertThat(tokens.redeemResetToken("alice", token)).as("alice clicks the link she was mailed").isTrue();
    }

    @Test
    void aResetTokenIsReadFromAnyCharSequence() {
        var token = tokens.issueResetToken("alice");

        assertThat(tokens.redeemResetToken("alice", new CountingChars(token)))
                .as("the web layer may hand the token over as any CharSequence").isTrue();
    }

    @Test
    void aResetTokenOpensOnlyItsOwnAccount() {
        var alices = tokens.issueResetToken("alice");
        tokens.issueResetToken("bob");

        assertThat(tokens.redeemResetToken("bob", alices)).as("alice's token used on bob's account").isFalse();
        assertThat(tokens.redeemResetToken("alice", alices)).as("alice's token on her own account").isTrue();
    }

    @Test
    void aWrongResetTokenIsRefusedAndTheRightOneStillWorks() {
        var token = tokens.issueResetToken("alice");

        assertThat(tokens.redeemResetToken("alice", "not-the-token")).as("a made-up token").isFalse();
        assertThat(tokens.redeemResetToken("alice", "")).as("an empty token").isFalse();
        assertThat(tokens.redeemResetToken("alice", token)).as("the real token after failed tries").isTrue();
    }

    @Test
    void aNewResetRequestReplacesTheOldLink() {
        var first = tokens.issueResetToken("alice");
        var second = tokens.issueResetToken("alice");

        assertThat(tokens.redeemResetToken("alice", first)).as("the link from the first mail").isFalse();
        assertThat(tokens.redeemResetToken("alice", second)).as("the link from the latest mail").isTrue();
    }

    @Test
    void aResetRequestForAnAccountWithoutOneIsRefused() {
        assertThat(tokens.redeemResetToken("carol", "anything")).isFalse();
    }

    @ParameterizedTest(name = "a reset link clicked {0} after the mail is honoured")
    @PayloadFile("secure-tokens/legitimate-reset-ages.txt")
    void aResetLinkUsedPromptlyWorks(String age) {
        var token = tokens.issueResetToken("alice");
        clock.advance(Duration.parse(age));

        assertThat(tokens.redeemResetToken("alice", token)).as("alice clicks %s after requesting the reset", age).isTrue();
    }

    @Test
    void aSessionTokenNamesItsAccount() {
        var alices = tokens.startSession("alice");
        var bobs = tokens.startSession("bob");

        assertThat(tokens.sessionAccount(alices)).contains("alice");
        assertThat(tokens.sessionAccount(new CountingChars(bobs))).contains("bob");
    }

    @Test
    void anUnknownSessionTokenNamesNoAccount() {
        tokens.startSession("alice");

        assertThat(tokens.sessionAccount("made-up")).isEmpty();
        assertThat(tokens.sessionAccount("")).isEmpty();
    }

    @Test
    void aLoggedOutSessionStopsWorking() {
        var cookie = tokens.startSession("alice");
        tokens.endSession(cookie);

        assertThat(tokens.sessionAccount(cookie)).isEmpty();
    }

    @ParameterizedTest(name = "a session is still open {0} after login")
    @PayloadFile("secure-tokens/legitimate-session-ages.txt")
    void aSessionLastsAWorkingSession(String age) {
        var cookie = tokens.startSession("alice");
        clock.advance(Duration.parse(age));

        assertThat(tokens.sessionAccount(cookie)).as("alice, %s after logging in", age).contains("alice");
    }

    @Test
    void tokensDoNotRepeat() {
        var issued = new HashSet<String>();
        IntStream.range(0, SAMPLES).forEach(i -> {
            issued.add(tokens.issueResetToken("user" + i));
            issued.add(tokens.startSession("user" + i));
        });

        assertThat(issued).hasSize(2 * SAMPLES);
    }

    // ---------------------------------------------------------------- attacks

    @Attack("the attacker predicts alice's reset token from the one mailed to their own account")
    void resetTokenPredicted() {
        var own = tokens.issueResetToken("mallory");
        tokens.issueResetToken("alice"); // mailed to alice: the attacker never sees it

        var working = RandomPredictor.nextAfter(own).stream()
                .filter(guess -> tokens.redeemResetToken("alice", guess))
                .findFirst();

        assertThat(working)
                .as("from their own reset token %s the attacker rebuilt the generator's state and computed alice's token %s:"
                        + " a token must come from a generator whose next output cannot be worked out from its last",
                        own, working.orElse(""))
                .isEmpty();
    }

    @Attack("the attacker predicts the next user's session token from their own and takes over the session")
    void sessionTokenPredicted() {
        var own = tokens.startSession("mallory");
        tokens.startSession("alice");

        var hijacked = RandomPredictor.nextAfter(own).stream()
                .filter(guess -> tokens.sessionAccount(guess).filter("alice"::equals).isPresent())
                .findFirst();

        assertThat(hijacked)
                .as("from their own session cookie %s the attacker computed alice's cookie %s and is logged in as her:"
                        + " session tokens need an unpredictable generator", own, hijacked.orElse(""))
                .isEmpty();
    }

    @Attack("the tokens take randomness from a generator other than SecureRandom, which an attacker can work out")
    void tokensFromAnotherGenerator() throws Exception {
        var issued = new ArrayList<String>();
        try (var held = HeldSecureRandom.hold()) {
            issued.add(tokens.issueResetToken("mallory"));
            issued.add(tokens.issueResetToken("mallory"));
            issued.add(tokens.startSession("mallory"));
            issued.add(tokens.startSession("mallory"));
        }

        assertThat(List.of(issued.get(1), issued.get(3)))
                .as("with SecureRandom held still, the service still issued different tokens (%s, then %s; %s, then %s):"
                                + " some of their randomness comes from elsewhere (java.util.Random, ThreadLocalRandom,"
                                + " SplittableRandom, Math.random, the time, a UUID, a SHA1PRNG seeded by hand), and an"
                                + " attacker works that out from a token or two. Take every random byte from SecureRandom"
                                + " (asked for by algorithm, not tied to one provider by name).",
                        issued.get(0), issued.get(1), issued.get(2), issued.get(3))
                .containsExactly(issued.get(0), issued.get(2));
    }

    @Attack("two clicks on one reset link at the same moment both reset the password")
    void resetTokenRedeemedTwiceAtOnce() throws Exception {
        var rendezvous = new Rendezvous(NINE_AM);
        var service = new TokenService(rendezvous);
        var token = service.issueResetToken("alice");

        var outcomes = rendezvous.race(() -> service.redeemResetToken("alice", token),
                () -> service.redeemResetToken("alice", token));

        assertThat(outcomes)
                .as("two redemptions of alice's link, arriving together, answered %s: each checked the token before either"
                        + " marked it used, so a link intercepted on its way (a mail scanner, a proxy) still works after"
                        + " alice's own click. Take the token out and check it in one atomic step.", outcomes)
                .containsExactlyInAnyOrder(true, false);
    }

    @Attack("the attacker rebuilds alice's reset token one character at a time from how far the comparison reads")
    void resetTokenRebuiltFromComparisonLength() {
        var length = tokens.issueResetToken("mallory").length();
        tokens.issueResetToken("alice");

        var rebuilt = rebuildByCounting(length, guess -> tokens.redeemResetToken("alice", guess));

        assertThat(rebuilt)
                .as("the comparison read further into guesses that began right, so the attacker rebuilt alice's token %s"
                        + " one character at a time (a stopwatch sees the same thing over the network):"
                        + " compare secrets in time that does not depend on where they differ", rebuilt.orElse(""))
                .isEmpty();
    }

    @Attack("a reset link is used a second time by whoever finds it in the mailbox or the browser history")
    void resetTokenReused() {
        var token = tokens.issueResetToken("alice");
        assertThat(tokens.redeemResetToken("alice", token)).as("alice resets her password").isTrue();

        var replayed = tokens.redeemResetToken("alice", token);

        assertThat(replayed)
                .as("the link alice already used resets her password again for anyone who finds it: a reset token works once")
                .isFalse();
    }

    @AttackFamily("a reset link still works long after it was mailed")
    @PayloadFile("secure-tokens/stale-reset-links.txt")
    void resetTokenNeverExpires(String age) {
        var token = tokens.issueResetToken("alice");
        clock.advance(Duration.parse(age));

        assertThat(tokens.redeemResetToken("alice", token))
                .as("the reset link still sets alice's password %s after it was mailed: a reset token needs a short lifetime", age)
                .isFalse();
    }

    @AttackFamily("a stolen session cookie still works long after login")
    @PayloadFile("secure-tokens/stale-sessions.txt")
    void sessionNeverExpires(String age) {
        var cookie = tokens.startSession("alice");
        clock.advance(Duration.parse(age));

        assertThat(tokens.sessionAccount(cookie))
                .as("a cookie stolen from alice still opens her account %s after she logged in: sessions need an absolute lifetime", age)
                .isEmpty();
    }

    @Attack("reset and session tokens carry fewer than 128 bits of randomness")
    void tokensTooShort() {
        var resets = IntStream.range(0, SAMPLES).mapToObj(i -> tokens.issueResetToken("user" + i)).toList();
        var sessions = IntStream.range(0, SAMPLES).mapToObj(i -> tokens.startSession("user" + i)).toList();

        assertThat(estimatedBits(resets))
                .as("reset tokens like %s hold about %.0f bits of randomness, short of the 128 bits that keep a token"
                                + " unguessable however many are issued and tried",
                        resets.get(0), estimatedBits(resets))
                .isGreaterThanOrEqualTo(128);
        assertThat(estimatedBits(sessions))
                .as("session tokens like %s hold about %.0f bits of randomness, short of the 128 bits a session id needs",
                        sessions.get(0), estimatedBits(sessions))
                .isGreaterThanOrEqualTo(128);
    }

    @Attack("reset tokens that need escaping arrive changed through the mailed link")
    void resetTokensNotUrlSafe() {
        var mangled = IntStream.range(0, SAMPLES / 4)
                .mapToObj(i -> tokens.issueResetToken("user" + i))
                .flatMap(token -> mangledInLinks(token).stream())
                .toList();

        assertThat(mangled)
                .as("%d reset links deliver a different token than was issued, e.g. %s: tokens must use only characters"
                        + " that travel unchanged in a URL", mangled.size(), mangled.isEmpty() ? "" : mangled.get(0))
                .isEmpty();
    }

    // ---------------------------------------------------------------- the attacker's tools

    /**
     * Guesses a token of the given length one position at a time, keeping the character whose
     * guess made the comparison read furthest. Gives up as soon as every guess costs the same.
     */
    private static Optional<String> rebuildByCounting(int length, Predicate<CharSequence> redeem) {
        var known = new StringBuilder();
        for (int position = 0; position < length; position++) {
            var filler = "~".repeat(length - position - 1);
            char best = 0;
            var bestReads = -1;
            var tie = false;
            for (char c : TOKEN_ALPHABET.toCharArray()) {
                var guess = known.toString() + c + filler;
                var counted = new CountingChars(guess);
                if (redeem.test(counted)) {
                    return Optional.of(guess);
                }
                if (counted.reads() > bestReads) {
                    best = c;
                    bestReads = counted.reads();
                    tie = false;
                } else if (counted.reads() == bestReads) {
                    tie = true;
                }
            }
            if (tie) {
                return Optional.empty();
            }
            known.append(best);
        }
        return Optional.empty();
    }

    /**
     * Randomness per token, estimated from many samples: at each position, log2 of how many
     * different characters turned up there. A constant character adds nothing; a position that
     * takes one of 64 values adds 6 bits.
     */
    private static double estimatedBits(List<String> samples) {
        var longest = samples.stream().mapToInt(String::length).max().orElse(0);
        var bits = 0.0;
        for (int position = 0; position < longest; position++) {
            var at = position;
            var seen = samples.stream().map(s -> at < s.length() ? s.charAt(at) : '\0').distinct().count();
            bits += Math.log(seen) / Math.log(2);
        }
        return bits;
    }

    /** How the token comes out of a link as a server reads it: from the query string, and as a path segment. */
    private static List<String> mangledInLinks(String token) {
        var mangled = new ArrayList<String>();
        var fromQuery = fromQuery("https://app.example/reset?account=alice&token=" + token);
        if (!fromQuery.equals(Optional.of(token))) {
            mangled.add(token + " came out of ?token= as " + fromQuery.orElse("nothing"));
        }
        var fromPath = fromPath("https://app.example/reset/" + token);
        if (!fromPath.equals(Optional.of(token))) {
            mangled.add(token + " came out of /reset/{token} as " + fromPath.orElse("nothing"));
        }
        return mangled;
    }

    /** Form decoding, as servlet containers read query parameters ('+' is a space). */
    private static Optional<String> fromQuery(String link) {
        try {
            var query = URI.create(link).getRawQuery();
            for (var pair : query.split("&")) {
                var eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals("token")) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IllegalArgumentException unparseable) {
            return Optional.empty();
        }
    }

    /** The segment a router binds to {token} in /reset/{token}; a '/' in the token starts another segment. */
    private static Optional<String> fromPath(String link) {
        try {
            var segments = URI.create(link).getRawPath().split("/", -1);
            return segments.length < 3 ? Optional.empty()
                    : Optional.of(URLDecoder.decode(segments[2].replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException unparseable) {
            return Optional.empty();
        }
    }
}
