package dev.rampart.kata.certificatepinning;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether the server at the other end of a TLS connection is the partner. The partner
 * publishes the SHA-256 of its servers' public keys ({@code sha256/<base64>}, the form OkHttp's
 * CertificatePinner and HPKP use); a server is accepted when its chain comes from one of the
 * CAs we trust for the partner and carries a pinned key.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {

    private static final String PREFIX = "sha256/";

    private final Set<X500Principal> trustedIssuers = new HashSet<>();
    private final X509Certificate[] acceptedIssuers;
    private final Set<String> pins;

    /**
     * @param trustStore the certificate authorities trusted to vouch for the partner's servers
     * @param pins       the partner's key pins, {@code sha256/<base64>}
     */
    public PinningTrustManager(KeyStore trustStore, Collection<String> pins) {
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("No pin: give the partner's published key pin");
        }
        this.pins = Set.copyOf(pins);
        var issuers = new ArrayList<X509Certificate>();
        try {
            for (var alias : java.util.Collections.list(trustStore.aliases())) {
                if (trustStore.getCertificate(alias) instanceof X509Certificate ca) {
                    issuers.add(ca);
                    trustedIssuers.add(ca.getSubjectX500Principal());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the trust store", e);
        }
        this.acceptedIssuers = issuers.toArray(X509Certificate[]::new);
    }

    /** The pin of {@code key}: {@code sha256/} and the base64 of the SHA-256 of its SubjectPublicKeyInfo. */
    public static String pinOf(PublicKey key) {
        try {
            return PREFIX + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server sent no certificate");
        }
        var top = chain[chain.length - 1];
        if (!trustedIssuers.contains(top.getIssuerX500Principal())) {
            throw new CertificateException("Not issued by a CA we trust for the partner: " + top.getIssuerX500Principal());
        }
        for (var certificate : chain) {
            if (pins.contains(pinOf(certificate.getPublicKey()))) {
                return;
            }
        }
        throw new CertificateException("None of the server's keys is pinned: " + pinsOf(chain));
    }

    private static List<String> pinsOf(X509Certificate[] chain) {
        return java.util.Arrays.stream(chain).map(c -> pinOf(c.getPublicKey())).toList();
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
        return acceptedIssuers.clone();
    }
}
