package dev.rampart.kata.certificatepinning;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Calls the freight partner's quote API over HTTPS. Only the partner's own servers may answer:
 * the connection is checked by a {@link PinningTrustManager} built from the CAs we trust for
 * the partner and the partner's published key pins, before any request is sent.
 */
public final class PartnerClient {

    private final URI partner;
    private final HttpClient http;

    /**
     * @param partner    the partner API's base address, {@code https://host:port}
     * @param trustStore the certificate authorities trusted to vouch for the partner's servers
     * @param pins       the partner's key pins, {@code sha256/<base64>}: the current key and the backup
     */
    public PartnerClient(URI partner, KeyStore trustStore, List<String> pins) {
        this.partner = partner;
        try {
            var tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinningTrustManager(trustStore, pins)}, null);
            this.http = HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for the partner", e);
        }
    }

    /**
     * GETs {@code path} from the partner and returns the body of its answer.
     *
     * @throws IOException if the partner cannot be reached, is not who it should be, or does not answer 200
     */
    public String get(String path) throws IOException {
        var request = HttpRequest.newBuilder(partner.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("The partner answered " + response.statusCode() + " to " + path);
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while calling the partner", e);
        }
    }
}
