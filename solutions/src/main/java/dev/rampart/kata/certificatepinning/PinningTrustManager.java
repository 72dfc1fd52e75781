package dev.rampart.kata.certificatepinning;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether the server at the other end of a TLS connection is the partner. The partner
 * publishes the SHA-256 of its servers' public keys ({@code sha256/<base64>}, the form OkHttp's
 * CertificatePinner and HPKP use); a server is accepted when its chain comes from one of the
 * CAs we trust for the partner and carries a pinned key.
 *
 * <p>Three checks, all required: the JDK's own PKIX validation against the trust store (signatures,
 * dates, CA constraints), host name verification (the JDK's, done by the PKIX trust manager when
 * it is given the connection), and the pin, on the leaf certificate that PKIX has just validated.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private static final String PREFIX = "sha256/";

    private final X509ExtendedTrustManager pkix;
    private final Set<ByteBuffer> pins = new HashSet<>();

    /**
     * @param trustStore the certificate authorities trusted to vouch for the partner's servers
     * @param pins       the partner's key pins, {@code sha256/<base64>}: at least two different
     *                   keys, the current one and a backup kept offline, so a rotation cannot lock
     *                   the client out (RFC 7469, section 4.3)
     */
    public PinningTrustManager(KeyStore trustStore, Collection<String> pins) {
        for (var pin : pins) {
            this.pins.add(ByteBuffer.wrap(decode(pin)));
        }
        if (this.pins.size() < 2) {
            throw new IllegalArgumentException("Pin at least two different keys, the current one and a backup: got " + pins);
        }
        try {
            var factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore);
            // The JDK's PKIX factory makes exactly one manager, an X509ExtendedTrustManager.
            this.pkix = (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the trust store", e);
        }
    }

    /** The pin of {@code key}: {@code sha256/} and the base64 of the SHA-256 of its SubjectPublicKeyInfo. */
    public static String pinOf(PublicKey key) {
        return PREFIX + Base64.getEncoder().encodeToString(sha256(key.getEncoded()));
    }

    private static byte[] decode(String pin) {
        if (!pin.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A pin is sha256/<base64 of the key's SHA-256>: " + pin);
        }
        byte[] hash;
        try {
            hash = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("A pin's hash is base64: " + pin, e);
        }
        if (hash.length != 32) {
            throw new IllegalArgumentException("A SHA-256 pin is 32 bytes: " + pin);
        }
        return hash;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        // Given the engine, the PKIX manager also checks the name the client asked for (HTTPS rules).
        pkix.checkServerTrusted(chain, authType, engine);
        checkPin(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkServerTrusted(chain, authType, socket);
        checkPin(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without the connection there is no host name to check: refuse rather than half-check.
        throw new CertificateException("The partner's certificate is only checked on a connection, with its host name");
    }

    /**
     * The pin is compared on the leaf only, after PKIX: it is the certificate PKIX validated for
     * this host. An extra certificate sent along may be anything, so a pin found there proves nothing.
     */
    private void checkPin(X509Certificate[] chain) throws CertificateException {
        if (!pins.contains(ByteBuffer.wrap(sha256(chain[0].getPublicKey().getEncoded())))) {
            throw new CertificateException("The partner's key is not pinned: " + pinOf(chain[0].getPublicKey()));
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This client does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
