package dev.rampart.kata.ssrf;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches the page behind a link a user pasted into a chat message, so the chat can show its
 * title and picture. The same fetcher checks the webhook URLs customers register ("send a test
 * event") and downloads avatars given by URL.
 *
 * <p>Requests leave through the company's egress proxy when one is configured (the JVM's
 * default {@link ProxySelector}); names are looked up with the {@link HostResolver}.
 */
public final class LinkPreview {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HostResolver resolver;
    private final HttpClient client;

    /** The fetcher as deployed: the JVM's name service and proxy settings. */
    public LinkPreview() {
        this(HostResolver.system(), ProxySelector.getDefault());
    }

    /**
     * @param resolver how host names are looked up
     * @param egress the route requests take out of the network (a proxy, or direct)
     */
    public LinkPreview(HostResolver resolver, ProxySelector egress) {
        this.resolver = resolver;
        this.client = HttpClient.newBuilder()
                .proxy(egress)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Fetches {@code url}, following redirects the way a browser would.
     *
     * @return the page; a 4xx or 5xx answer is a page too
     * @throws RefusedUrlException if the link cannot be fetched (the message says why)
     * @throws IOException if the site cannot be reached
     */
    public Page fetch(String url) throws IOException {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("This is not a valid link: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new RefusedUrlException("This link has no web address in it");
        }
        // Tell a mistyped host name apart from a site that is down.
        resolver.resolve(uri.getHost());

        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "text/html, image/*;q=0.8, */*;q=0.5")
                .header("User-Agent", "RampartLinkPreview/1.0")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while fetching " + uri);
        }
        return new Page(response.uri(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}
