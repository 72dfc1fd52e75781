package dev.rampart.kata.certificatepinning;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for the suite, made with Bouncy Castle's certificate builder:
 * EC P-256 keys (fast to make) and X.509 v3 certificates with the extensions a real CA sets.
 * Private keys live in memory only; nothing is written to disk.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() & 0xffffffffL);

    private TestPki() {
    }

    public static KeyPair newKey() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA certificate, valid from a day ago for ten years. */
    public static X509Certificate rootCa(String name, KeyPair key) {
        var now = Instant.now();
        return build(new X500Name(name), key.getPublic(), new X500Name(name), key.getPrivate(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), true, List.of());
    }

    /**
     * A server certificate for {@code subjectKey}, with {@code names} as its subject alternative
     * names ({@code dns:host} or {@code ip:address}; an empty list leaves the extension out).
     */
    public static X509Certificate server(String commonName, List<String> names, PublicKey subjectKey, X500Name issuer,
            PrivateKey issuerKey, Instant notBefore, Instant notAfter) {
        return build(new X500Name("CN=" + commonName + ",O=Northwind Freight"), subjectKey, issuer, issuerKey,
                notBefore, notAfter, false, names);
    }

    public static X500Name nameOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    public static KeyStore trustStoreOf(X509Certificate... authorities) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.length; i++) {
                store.setCertificateEntry("ca-" + i, authorities[i]);
            }
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean ca, List<String> names) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature));
            if (!names.isEmpty()) {
                var general = new ArrayList<GeneralName>();
                for (var name : names) {
                    var parts = name.split(":", 2);
                    general.add(new GeneralName(parts[0].equals("ip") ? GeneralName.iPAddress : GeneralName.dNSName, parts[1]));
                }
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(general.toArray(GeneralName[]::new)));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | java.io.IOException | java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
