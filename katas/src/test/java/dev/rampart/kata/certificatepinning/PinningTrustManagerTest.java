package dev.rampart.kata.certificatepinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
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
        put("pinnedstranger", TestPki.server(host, PARTNER_NAMES, primary.getPublic(), TestPki.nameOf(strangerCa), strangerKey.getPrivate(),
                dayAgo, now.plus(Duration.ofDays(90))), primary);
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

    @Test
    void aPartnerThatAnswersWithAnErrorGivesTheCallerAnError() {
        var outcome = call(List.of(CERTIFICATES.get("partner")), primary.getPrivate(), "{\"error\":\"maintenance\"}", 503, pins);

        assertThat(outcome.answer()).as("the partner's error page was handed to the caller as a quote").isNull();
    }

    @Test
    void socketClientsGetTheSameChecks() throws Exception {
        var tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new PinningTrustManager(trustStore, pins)}, null);

        assertThat(handshakeOverSocket(tls, "partner")).as("the partner, over an SSLSocket").isTrue();
        assertThat(handshakeOverSocket(tls, "impostor")).as("an unpinned key from the trusted CA, over an SSLSocket").isFalse();
        assertThat(handshakeOverSocket(tls, "pinnedstranger strangerca"))
                .as("the pinned key vouched for by a CA the client does not trust, over an SSLSocket").isFalse();
    }

    @Test
    void theTrustManagerNamesTheTrustedCaAndAcceptsNoClient() {
        var manager = new PinningTrustManager(trustStore, pins);
        X509Certificate[] chain = {CERTIFICATES.get("partner"), ca};

        assertThat(manager.getAcceptedIssuers()).as("the issuers the client tells servers it trusts").containsExactly(ca);
        assertThatThrownBy(() -> manager.checkClientTrusted(chain, "EC")).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> manager.checkClientTrusted(chain, "EC", (SSLEngine) null)).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> manager.checkClientTrusted(chain, "EC", (Socket) null)).isInstanceOf(CertificateException.class);
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

        var outcome = call(List.of(certificate), primary.getPrivate(), IMPOSTORS_ANSWER, 200, pins);

        assertThat(outcome.answer())
                .as("the client took an answer (%s) at https://127.0.0.1 from a certificate for %s (CN=%s, names %s): verify the"
                        + " host name the client asked for, which the JDK does when its PKIX trust manager is given the connection",
                        outcome.answer(), what, commonName, names)
                .isNull();
    }

    @AttackFamily("a client is built with a pin set that the partner's next key rotation locks out")
    @PayloadFile("certificate-pinning/pin-sets.txt")
    void pinSetWithoutBackup(String what, String pinNames) {
        var configured = Arrays.stream(pinNames.split(" ")).map(PinningTrustManagerTest::pinNamed).toList();

        assertThatThrownBy(() -> new PartnerClient(java.net.URI.create("https://127.0.0.1:1"), trustStore, configured))
                .as("a client pinning %s was built: when the partner moves to its backup key (a lost or compromised key, a"
                        + " routine rotation), every call fails until a new release ships; refuse a pin set without a"
                        + " second, different key", what)
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    /** A pin of the pin-sets file: the current key's, or the backup key's hash in a form that never matches. */
    private static String pinNamed(String name) {
        byte[] backupHash = hash("SHA-256", backup.getPublic().getEncoded());
        var base64 = Base64.getEncoder();
        return switch (name) {
            case "primary" -> PinningTrustManager.pinOf(primary.getPublic());
            case "backup-hex" -> "sha256/" + HexFormat.of().formatHex(backupHash);
            case "backup-sha1" -> "sha1/" + base64.encodeToString(hash("SHA-1", backup.getPublic().getEncoded()));
            case "backup-short" -> "sha256/" + base64.encodeToString(Arrays.copyOf(backupHash, 20));
            case "backup-bare" -> base64.encodeToString(backupHash);
            case "backup-upper" -> "SHA256/" + base64.encodeToString(backupHash);
            default -> throw new IllegalArgumentException("No pin named " + name);
        };
    }

    private static byte[] hash(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

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
        return call(chain, KEYS.get(names.split(" ")[0]), answer, 200, pins);
    }

    private static List<X509Certificate> chainNamed(String names) {
        return Arrays.stream(names.split(" ")).map(CERTIFICATES::get).toList();
    }

    /** Whether a TLS handshake over a plain SSLSocket, with HTTPS host name rules, succeeds against the named chain. */
    private static boolean handshakeOverSocket(SSLContext tls, String names) throws IOException {
        try (var server = new PartnerServer(chainNamed(names), KEYS.get(names.split(" ")[0]), PARTNERS_ANSWER);
                var socket = (SSLSocket) tls.getSocketFactory().createSocket(server.uri().getHost(), server.uri().getPort())) {
            var parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            try {
                socket.startHandshake();
                return true;
            } catch (SSLException e) {
                return false;
            }
        }
    }

    private static Outcome call(List<X509Certificate> chain, PrivateKey key, String answer, int status, List<String> pins) {
        try (var server = new PartnerServer(chain, key, answer, status)) {
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
