package dev.rampart.kata.hmacsignatures;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.ClassFileCalls;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The payment service signs every event it sends with {@link WebhookSignatures#sign}; the shop's
 * {@link PaymentWebhooks} endpoint, run for real on a free loopback port, checks the header and
 * stores what passes in its {@link Inbox}. The attacker sits where deliveries can be seen (a
 * proxy's log, a leaked request dump, a compromised network hop) but has no secret. Every oracle
 * reads the harm where it lands: the inbox holds a body the sender never signed, or holds one
 * delivery twice. Time is a {@link TestClock} the test moves, so nothing sleeps.
 *
 * <p>Left out: duplicates inside the window (the provider retries an event with the same id, so
 * whether a repeat is processed twice is the worker's idempotency, not the signature's);
 * measuring the comparison's time (a timing attack needs thousands of samples and a quiet
 * machine, so the suite checks that the comparison is {@code MessageDigest.isEqual} instead,
 * see {@link #earlyExitComparison()}).
 */
class WebhookSignaturesTest {

    /** The secrets' format is public (whsec_ and 32 characters), so an attacker knows their length. */
    private static final String SECRET = "whsec_Q3vN8kTz5mWc1RbX7pLd2YfJ9sHa4GuE";
    private static final String PREVIOUS_SECRET = "whsec_7hK2pR9wM4xT1cV6bN3zQ8fL5dJ0sYaE";
    private static final String STRANGERS_SECRET = "whsec_Zx9Pq2Lm7Rt4Wn1Ks8Bv3Hj6Gf5Dc0Ya";
    private static final String PAYMENT = "{\"id\":\"evt_1Q7xK2\",\"type\":\"payment.succeeded\",\"amount\":1500,\"currency\":\"eur\"}";
    private static final Instant START = Instant.parse("2026-12-07T09:00:00Z");
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestClock clock;
    private Inbox inbox;
    private Javalin server;
    /** Every body the sender signed: nothing else may reach the inbox. */
    private final List<String> signed = new ArrayList<>();

    @BeforeEach
    void start() {
        clock = TestClock.at(START);
        inbox = new Inbox();
        receiveWith(List.of(SECRET));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- honest use

    @Test
    void theSendersDeliveryIsStoredOnce() {
        var header = signWith(List.of(SECRET), PAYMENT);

        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).isEqualTo(204);
        assertThat(inbox.deliveries()).containsExactly(new Delivery("evt_1Q7xK2", "payment.succeeded", PAYMENT));
    }

    @ParameterizedTest(name = "a delivery whose body is {0} is stored byte for byte")
    @PayloadFile("hmac-signatures/legitimate-bodies.txt")
    void honestBodiesVerify(String kind, String body) {
        var header = signWith(List.of(SECRET), body);

        assertThat(deliver(header, body.getBytes(UTF_8))).as("the answer to a genuine delivery of %s", kind).isEqualTo(204);
        assertThat(inbox.deliveries()).extracting(Delivery::body).containsExactly(body);
    }

    @ParameterizedTest(name = "a genuine signature in the header {0} is accepted")
    @PayloadFile("hmac-signatures/signature-headers.txt")
    void honestHeaderForms(String template) {
        var genuine = signWith(List.of(SECRET), PAYMENT);

        assertThat(deliver(expand(template, genuine), PAYMENT.getBytes(UTF_8))).as(expand(template, genuine)).isEqualTo(204);
        assertThat(inbox.deliveries()).hasSize(1);
    }

    @ParameterizedTest(name = "a delivery that arrives {0} after it was signed is accepted")
    @PayloadFile("hmac-signatures/fresh-deliveries.txt")
    void lateButFreshDeliveries(String when, String delay) {
        var header = signWith(List.of(SECRET), PAYMENT);
        clock.advance(Duration.parse(delay));

        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as("a genuine delivery %s after signing", when).isEqualTo(204);
        assertThat(inbox.deliveries()).hasSize(1);
    }

    @ParameterizedTest(name = "the header {0} is refused")
    @PayloadFile("hmac-signatures/refused-headers.txt")
    void badHeadersAreRefused(String template) {
        var header = expand(template, signWith(List.of(SECRET), PAYMENT));

        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as(header).isEqualTo(401);
        assertThat(inbox.deliveries()).isEmpty();
    }

    @Test
    void aDeliveryWithoutASignatureIsRefused() {
        assertThat(deliver(null, PAYMENT.getBytes(UTF_8))).isEqualTo(401);
        assertThat(inbox.deliveries()).isEmpty();
    }

    @Test
    void aBodyChangedOnTheWayIsRefused() {
        var header = signWith(List.of(SECRET), PAYMENT);
        var changed = PAYMENT.replace("1500", "9500");

        assertThat(deliver(header, changed.getBytes(UTF_8))).isEqualTo(401);
        assertThat(inbox.deliveries()).isEmpty();
    }

    @Test
    void duringARotationTheReceiverTakesTheNewAndThePreviousSecret() {
        receiveWith(List.of(SECRET, PREVIOUS_SECRET));

        assertThat(deliver(signWith(List.of(PREVIOUS_SECRET), PAYMENT), PAYMENT.getBytes(UTF_8)))
                .as("a sender still on the previous secret").isEqualTo(204);
        assertThat(deliver(signWith(List.of(SECRET), PAYMENT), PAYMENT.getBytes(UTF_8)))
                .as("a sender already on the new secret").isEqualTo(204);
        assertThat(inbox.deliveries()).hasSize(2);
    }

    @Test
    void aSenderSigningWithBothSecretsReachesEveryReceiver() {
        var header = signWith(List.of(SECRET, PREVIOUS_SECRET), PAYMENT);
        assertThat(header.split(",")).as("one v1 entry per active secret: %s", header).hasSize(3);

        receiveWith(List.of(PREVIOUS_SECRET));
        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as("a receiver not rotated yet").isEqualTo(204);
        receiveWith(List.of(SECRET));
        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as("a receiver already rotated").isEqualTo(204);
    }

    @Test
    void aRetiredSecretIsRefused() {
        receiveWith(List.of(SECRET));

        assertThat(deliver(signWith(List.of(PREVIOUS_SECRET), PAYMENT), PAYMENT.getBytes(UTF_8))).isEqualTo(401);
        assertThat(inbox.deliveries()).isEmpty();
    }

    @Test
    void aServiceWithoutASecretDoesNotStart() {
        assertThatThrownBy(() -> new WebhookSignatures(List.of(), clock))
                .as("a receiver with no secret would refuse everything, or be tempted to accept everything")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- attacks

    @Attack("an attacker who saw one delivery forges a payout event by extending its SHA-256 signature")
    void lengthExtension() {
        var genuine = signWith(List.of(SECRET), PAYMENT);
        var payout = "\n{\"id\":\"evt_forged\",\"type\":\"payout.paid\",\"amount\":990000}".getBytes(UTF_8);

        var accepted = forgeries(genuine, PAYMENT.getBytes(UTF_8), payout, false);

        assertThat(accepted)
                .as("the receiver stored a body the sender never signed, forged from one captured signature (%s): sha256(secret"
                        + " + message) lets anyone continue the hash past the message; a MAC made for keys, HMAC-SHA256, does not",
                        accepted)
                .isEmpty();
    }

    @AttackFamily("content is appended to a captured delivery and still passes the signature check")
    @PayloadFile("hmac-signatures/appended-content.txt")
    void appendedContent(String what, String suffix) {
        var genuine = signWith(List.of(SECRET), PAYMENT);

        var accepted = forgeries(genuine, PAYMENT.getBytes(UTF_8), suffix.getBytes(UTF_8), true);

        assertThat(accepted)
                .as("%s reached the inbox, which now holds bytes the sender never signed (%s): sign and verify the raw body"
                        + " with HMAC, never sha256(secret + body) and never the JSON parsed and written again", what, accepted)
                .isEmpty();
    }

    @AttackFamily("a delivery captured earlier is sent again and stored twice")
    @PayloadFile("hmac-signatures/stale-deliveries.txt")
    void replay(String when, String delay) {
        var header = signWith(List.of(SECRET), PAYMENT);
        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as("the genuine delivery").isEqualTo(204);
        clock.advance(Duration.parse(delay));

        deliver(header, PAYMENT.getBytes(UTF_8));

        assertThat(inbox.deliveries())
                .as("the same delivery, sent again %s later, was stored again: a signature proves who wrote a message, not"
                        + " when; sign a timestamp with the body and refuse one outside a few minutes of now", when)
                .hasSize(1);
    }

    @AttackFamily("a delivery captured earlier is sent again with a fresh timestamp in its header")
    @PayloadFile("hmac-signatures/stale-deliveries.txt")
    void replayWithFreshTimestamp(String when, String delay) {
        var header = signWith(List.of(SECRET), PAYMENT);
        assertThat(deliver(header, PAYMENT.getBytes(UTF_8))).as("the genuine delivery").isEqualTo(204);
        clock.advance(Duration.parse(delay));

        var refreshed = header.replaceFirst("t=[0-9]+", "t=" + clock.instant().getEpochSecond());
        deliver(refreshed, PAYMENT.getBytes(UTF_8));

        assertThat(inbox.deliveries())
                .as("a delivery captured %s ago was stored again after the attacker wrote today's time into its header (%s):"
                        + " a timestamp the MAC does not cover is the attacker's to choose; sign <t>.<body>", when, refreshed)
                .hasSize(1);
    }

    @AttackFamily("an empty or truncated signature passes")
    @PayloadFile("hmac-signatures/truncated-signatures.txt")
    void truncatedSignatures(String template) {
        var forged = PAYMENT.replace("payment.succeeded", "payment.refunded").getBytes(UTF_8);
        // The prefix a timing attacker would have learned: the first digits of the forged body's own signature.
        var attackersHeader = expand(template, new WebhookSignatures(List.of(SECRET), clock).sign(forged));

        deliver(attackersHeader, forged);

        assertThat(unsigned())
                .as("the header %s (with %s of a real signature) put an event the sender never signed in the inbox: compare"
                        + " the whole MAC, and refuse one of any other length", attackersHeader, knownPart(template))
                .isEmpty();
    }

    @Attack("the signature is compared with an early exit, so the response time tells an attacker how many leading bytes of a guess are right")
    void earlyExitComparison() {
        var calls = ClassFileCalls.calledBy(WebhookSignatures.class, PaymentWebhooks.class);

        assertThat(calls)
                .as("the signature check never calls MessageDigest.isEqual: String.equals, equalsIgnoreCase, regionMatches"
                        + " and Arrays.equals stop at the first byte that differs, and over enough requests that difference in"
                        + " time gives the signature away byte by byte; compare the decoded MAC bytes with MessageDigest.isEqual,"
                        + " which takes the same time wherever they differ (comparisons called: %s)",
                        calls.stream().filter(c -> c.matches(".*\\.(equals|equalsIgnoreCase|regionMatches|contentEquals|compare|compareTo|mismatch)")).toList())
                .contains("java/security/MessageDigest.isEqual");
    }

    // ---------------------------------------------------------------- helpers

    private void receiveWith(List<String> secrets) {
        if (server != null) {
            server.stop();
        }
        server = new PaymentWebhooks(new WebhookSignatures(secrets, clock), inbox).app().start("127.0.0.1", 0);
    }

    /** What the payment service sends: the header {@link WebhookSignatures#sign} makes, now. */
    private String signWith(List<String> secrets, String body) {
        signed.add(body);
        return new WebhookSignatures(secrets, clock).sign(body.getBytes(UTF_8));
    }

    /** Posts a delivery, byte for byte; the status of the answer. */
    private int deliver(String header, byte[] body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/webhooks/payments"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (header != null) {
            request.header(PaymentWebhooks.SIGNATURE_HEADER, header);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deliveries whose body the sender never signed. */
    private List<Delivery> unsigned() {
        return inbox.deliveries().stream().filter(d -> !signed.contains(d.body())).toList();
    }

    /**
     * Sends {@code body + suffix} the ways an attacker would, and names those that put an unsigned
     * body in the inbox: SHA-256 continued from the captured signature, over the body alone and
     * over {@code <t>.<body>}; and, if {@code asIs}, the captured header unchanged (a receiver that
     * verifies the JSON it parsed never sees what follows the first value).
     */
    private Map<String, String> forgeries(String genuine, byte[] body, byte[] suffix, boolean asIs) {
        var accepted = new LinkedHashMap<String, String>();
        var t = field(genuine, "t");
        byte[] digest = HexFormat.of().parseHex(field(genuine, "v1"));
        var tries = new LinkedHashMap<String, Map.Entry<String, byte[]>>();
        if (asIs) {
            tries.put("the captured signature, unchanged", Map.entry(genuine, concat(body, suffix)));
        }
        var overBody = Sha256Extension.extend(digest, SECRET.length(), body, suffix);
        tries.put("SHA-256 extended over the body", Map.entry("t=" + t + ",v1=" + HexFormat.of().formatHex(overBody.digest()),
                overBody.message()));
        var prefix = (t + ".").getBytes(UTF_8);
        var overStamped = Sha256Extension.extend(digest, SECRET.length(), concat(prefix, body), suffix);
        tries.put("SHA-256 extended over <t>.<body>", Map.entry("t=" + t + ",v1=" + HexFormat.of().formatHex(overStamped.digest()),
                java.util.Arrays.copyOfRange(overStamped.message(), prefix.length, overStamped.message().length)));
        for (var attempt : tries.entrySet()) {
            int before = unsigned().size();
            int status = deliver(attempt.getValue().getKey(), attempt.getValue().getValue());
            if (unsigned().size() > before) {
                accepted.put(attempt.getKey(), "HTTP " + status);
            }
        }
        return accepted;
    }

    private static String field(String header, String key) {
        return java.util.Arrays.stream(header.split(",")).map(String::strip).filter(e -> e.startsWith(key + "="))
                .map(e -> e.substring(key.length() + 1)).findFirst().orElseThrow();
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(t|v1|V1|zeros|flipped|stranger)(?::([0-9]+))?}");

    /** A header template filled from a genuine header: {t}, {v1}, {v1:N} (the first N digits), {V1}, {zeros}, {flipped}, {stranger}. */
    private String expand(String template, String genuine) {
        var v1 = field(genuine, "v1");
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            var value = switch (m.group(1)) {
                case "t" -> field(genuine, "t");
                case "V1" -> v1.toUpperCase(Locale.ROOT);
                case "zeros" -> "0".repeat(64);
                case "flipped" -> v1.substring(0, 63) + (v1.charAt(63) == '0' ? '1' : '0');
                case "stranger" -> field(new WebhookSignatures(List.of(STRANGERS_SECRET), clock).sign(PAYMENT.getBytes(UTF_8)), "v1");
                default -> v1;
            };
            if (m.group(2) != null) {
                value = value.substring(0, Integer.parseInt(m.group(2)));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String knownPart(String template) {
        var m = Pattern.compile("\\{v1:([0-9]+)}").matcher(template);
        return m.find() ? "the first " + m.group(1) + " of 64 hex digits" : "nothing";
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
