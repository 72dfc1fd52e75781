package dev.rampart.kata.certificatepinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The shop's {@link PartnerClient} asks the freight partner for a quote over HTTPS, through a
 * {@link PinningTrustManager}. The suite is its own PKI (a root CA the client trusts, a CA it does
 * not, the partner's current and backup keys, an attacker's key; certificates made with Bouncy
 * Castle) and serves every chain over real TLS on a free loopback port with {@link PartnerServer}.
 * The oracle is the call itself: the client got an answer from a server that is not the partner,
 * or failed to get the partner's.
 *
 * <p>The attacker sits on the network path (a hostile Wi-Fi, a compromised proxy, a DNS answer
 * they control) and can present any chain; what they hold differs by family: a certificate a
 * trusted CA mis-issued for the partner's name, their own key, or the partner's pinned key stolen
 * from a retired server, without a certificate a CA vouches for today.
 */
class PinningTrustManagerTest {

    private static final String QUOTE_PATH = "/v1/quotes/NW-1042";
    private static final String PARTNERS_ANSWER = "{\"quote\":\"NW-1042\",\"price\":\"184.20\",\"currency\":\"EUR\",\"pay_to\":\"NL91ABNA0417164300\"}";
    private static final String IMPOSTORS_ANSWER = "{\"quote\":\"NW-1042\",\"price\":\"184.20\",\"currency\":\"EUR\",\"pay_to\":\"GB33BUKB20201555555555\"}";
    private static final List<String> PARTNER_NAMES = List.of("ip:127.0.0.1", "dns:api.partner.example");

    private static KeyPair primary;
    private static KeyPair backup;
    private static KeyPair attacker;
    private static KeyPair caKey;
    private static X509Certificate ca;
    private static KeyStore trustStore;
    private static List<String> pins;
    /** Every certificate a chain in the payload files can name, and the private key that goes with it. */
    private static final Map<String, X509Certificate> CERTIFICATES = new HashMap<>();
    private static final Map<String, PrivateKey> KEYS = new HashMap<>();

    @BeforeAll
    static void buildThePki() {
        var now = Instant.now();
        primary = TestPki.newKey();
        backup = TestPki.newKey();
        attacker = TestPki.newKey();
        caKey = TestPki.newKey();
        ca = TestPki.rootCa("CN=Rampart Test Root CA,O=Rampart Test PKI", caKey);
        var strangerKey = TestPki.newKey();
        var strangerCa = TestPki.rootCa("CN=Stranger Root CA,O=Somewhere Else", strangerKey);
        trustStore = TestPki.trustStoreOf(ca);
        pins = List.of(PinningTrustManager.pinOf(primary.getPublic()), PinningTrustManager.pinOf(backup.getPublic()));

        var caName = TestPki.nameOf(ca);
        var host = "api.partner.example";
        var dayAgo = now.minus(Duration.ofDays(1));
        put("ca", ca, null);
        put("partner", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), caName, caKey.getPrivate(), dayAgo,
                now.plus(Duration.ofDays(90))), primary);
        put("renewed", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), caName, caKey.getPrivate(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365))), primary);
        put("backup", TestPki.server(host, PARTNER_NAMES, backup.getPublic(), caName, caKey.getPrivate(), dayAgo,
                now.plus(Duration.ofDays(90))), backup);
        put("impostor", TestPki.server(host, PARTNER_NAMES, attacker.getPublic(), caName, caKey.getPrivate(), dayAgo,
                now.plus(Duration.ofDays(90))), attacker);
        var selfName = new org.bouncycastle.asn1.x500.X500Name("CN=" + host + ",O=Northwind Freight");
        put("selfsigned", TestPki.server(host, PARTNER_NAMES, attacker.getPublic(), selfName, attacker.getPrivate(), dayAgo,
                now.plus(Duration.ofDays(90))), attacker);
        put("expired", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), caName, caKey.getPrivate(), now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(30))), primary);
        put("notyetvalid", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), caName, caKey.getPrivate(), now.plus(Duration.ofDays(30)),
                now.plus(Duration.ofDays(400))), primary);
        put("forged", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), caName, primary.getPrivate(), dayAgo,
                now.plus(Duration.ofDays(90))), primary);
        put("strangerca", strangerCa, null);
        put("stranger", TestPki.server(host, PARTNER_NAMES, attacker.getPublic(), TestPki.nameOf(strangerCa), strangerKey.getPrivate(),
                dayAgo, now.plus(Duration.ofDays(90))), attacker);
    }

    private static void put(String name, X509Certificate certificate, KeyPair key) {
        CERTIFICATES.put(name, certificate);
        if (key != null) {
            KEYS.put(name, key.getPrivate());
        }
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "the partner presenting {0} is reached and its quote read")
    @PayloadFile("certificate-pinning/partner-chains.txt")
    void thePartnerIsReached(String what, String chain) {
        var outcome = callServerPresenting(chain, PARTNERS_ANSWER);

        assertThat(outcome.answer())
                .as("the partner presenting %s was refused (%s): the pin is on the key, so a renewed certificate or the"
                        + " backup key must still pass", what, outcome.refusal())
                .isEqualTo(PARTNERS_ANSWER);
    }

    @Test
    void aServerVouchedForByAnUntrustedCaIsRefused() {
        var outcome = callServerPresenting("stranger strangerca", IMPOSTORS_ANSWER);

        assertThat(outcome.answer()).as("a server with a key and a CA the client knows nothing of was believed").isNull();
    }

    @Test
    void aCertificateForAnUnpinnedKeyIsRefused() {
        var outcome = callServerPresenting("impostor", IMPOSTORS_ANSWER);

        assertThat(outcome.answer())
                .as("a certificate the trusted CA issued for the partner's name to another key was believed on its own")
                .isNull();
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("a certificate mis-issued by a trusted CA for the partner's name is accepted because the partner's real certificate rides along in the chain")
    @PayloadFile("certificate-pinning/mis-issued.txt")
    void misIssuedCertificate(String what, String chain) {
        var outcome = callServerPresenting(chain, IMPOSTORS_ANSWER);

        assertThat(outcome.answer())
                .as("the client took the impostor's quote (%s) from a server presenting %s: a pin found on an extra certificate"
                        + " proves nothing, since anyone can fetch and send the partner's certificate; compare the pin on the"
                        + " certificate that was validated for this host", outcome.answer(), what)
                .isNull();
    }

    @AttackFamily("a certificate the attacker signed themselves for the partner's name is accepted")
    @PayloadFile("certificate-pinning/self-signed.txt")
    void selfSignedCertificate(String what, String chain) {
        var outcome = callServerPresenting(chain, IMPOSTORS_ANSWER);

        assertThat(outcome.answer())
                .as("the client took the impostor's quote (%s) from a server presenting %s: a pin does not replace validating"
                        + " the chain; run the JDK's PKIX validation against the trust store first", outcome.answer(), what)
                .isNull();
    }

    @AttackFamily("the partner's stolen key is accepted with a certificate no trusted CA vouches for today")
    @PayloadFile("certificate-pinning/retired-key.txt")
    void retiredKey(String what, String chain) {
        var outcome = callServerPresenting(chain, IMPOSTORS_ANSWER);

        assertThat(outcome.answer())
                .as("the client took the impostor's quote (%s) from a server presenting the pinned key in %s: the pin says"
                        + " whose key it is, not that the certificate is valid today or really signed by the CA", outcome.answer(), what)
                .isNull();
    }

    @AttackFamily("a certificate for the pinned key but another name is accepted for the partner's address")
    @PayloadFile("certificate-pinning/other-names.txt")
    void otherName(String what, String commonName, String names) {
        var now = Instant.now();
        var sans = names.equals("-") ? List.<String>of() : Arrays.asList(names.split(","));
        var certificate = TestPki.server(commonName, sans, primary.getPublic(), TestPki.nameOf(ca), caKey.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));

        var outcome = call(List.of(certificate), primary.getPrivate(), IMPOSTORS_ANSWER, pins);

        assertThat(outcome.answer())
                .as("the client took an answer (%s) at https://127.0.0.1 from a certificate for %s (CN=%s, names %s): verify the"
                        + " host name the client asked for, which the JDK does when its PKIX trust manager is given the connection",
                        outcome.answer(), what, commonName, names)
                .isNull();
    }

    @AttackFamily("a client is built with a pin set that the partner's next key rotation locks out")
    @PayloadFile("certificate-pinning/pin-sets.txt")
    void pinSetWithoutBackup(String what, String pinNames) {
        var configured = Arrays.stream(pinNames.split(" "))
                .map(name -> PinningTrustManager.pinOf(primary.getPublic()))
                .toList();

        assertThatThrownBy(() -> new PartnerClient(java.net.URI.create("https://127.0.0.1:1"), trustStore, configured))
                .as("a client pinning %s was built: when the partner moves to its backup key (a lost or compromised key, a"
                        + " routine rotation), every call fails until a new release ships; refuse a pin set without a"
                        + " second, different key", what)
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    /** What one call to the partner's address gave: its answer, or why the client refused it. */
    record Outcome(String answer, String refusal) {
    }

    /** Serves the chain named by {@code names} (leaf first), with the leaf's private key, and calls it once. */
    private static Outcome callServerPresenting(String names, String answer) {
        var chain = Arrays.stream(names.split(" ")).map(name -> {
            var certificate = CERTIFICATES.get(name);
            if (certificate == null) {
                throw new IllegalArgumentException("No certificate named " + name + " in the suite's PKI");
            }
            return certificate;
        }).toList();
        return call(chain, KEYS.get(names.split(" ")[0]), answer, pins);
    }

    private static Outcome call(List<X509Certificate> chain, PrivateKey key, String answer, List<String> pins) {
        try (var server = new PartnerServer(chain, key, answer)) {
            var client = new PartnerClient(server.uri(), trustStore, pins);
            try {
                return new Outcome(client.get(QUOTE_PATH), null);
            } catch (IOException e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                return new Outcome(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
        }
    }
}
