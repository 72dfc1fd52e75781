package dev.rampart.kata.certificatepinning;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * An HTTPS server on a free loopback port that presents exactly the chain it is given (in that
 * order, extra certificates included) and answers every GET with {@code answer}. The partner and
 * the impostors are all this class: only the chain and the key differ.
 */
public final class PartnerServer implements AutoCloseable {

    private final HttpsServer server;

    public PartnerServer(List<X509Certificate> chain, PrivateKey key, String answer) {
        this(chain, key, answer, 200);
    }

    /** A server that answers every GET with {@code status} and {@code answer}. */
    public PartnerServer(List<X509Certificate> chain, PrivateKey key, String answer, int status) {
        try {
            var tls = SSLContext.getInstance("TLS");
            tls.init(new KeyManager[] {new FixedChain(chain.toArray(X509Certificate[]::new), key)}, null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.createContext("/", exchange -> {
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code https://127.0.0.1:<port>}: the address the client is given for the partner. */
    public URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Offers one EC key and its chain, whatever the client asks for. */
    private static final class FixedChain extends X509ExtendedKeyManager {
        private static final String ALIAS = "server";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        FixedChain(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        private String alias(String keyType) {
            return keyType != null && keyType.startsWith(key.getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return alias(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
