package dev.rampart.kata.ssrf;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    /** Redirects followed before giving up; each one is checked like the link itself. */
    static final int MAX_REDIRECTS = 5;

    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /**
     * Where a fetch must never go: IANA's special-purpose ranges that lead inside (RFC 6890 and
     * successors), and every IPv6 form that carries an IPv4 address (mapped, compatible, NAT64,
     * 6to4, Teredo), since the IPv4 address inside can be any of the others. The documentation
     * ranges (192.0.2.0/24 and the like) stay allowed: nothing routes them.
     */
    private static final List<IPAddress> INTERNAL = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2002::/16",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8").stream()
            .map(range -> new IPAddressString(range).getAddress())
            .toList();

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
        // Redirects are followed by fetch, which checks every hop; the client would not.
        this.client = HttpClient.newBuilder()
                .proxy(egress)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Fetches {@code url}, following redirects the way a browser would, as long as every
     * address on the way is a public one.
     *
     * @return the page; a 4xx or 5xx answer is a page too
     * @throws RefusedUrlException if the link cannot be fetched (the message says why)
     * @throws IOException if the site cannot be reached
     */
    public Page fetch(String url) throws IOException {
        URI uri = checked(url.strip());
        for (int redirects = 0; ; redirects++) {
            HttpResponse<String> response = send(uri, pinned(uri));
            var location = response.headers().firstValue("Location");
            if (!REDIRECTS.contains(response.statusCode()) || location.isEmpty()) {
                return new Page(uri, response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body());
            }
            if (redirects == MAX_REDIRECTS) {
                throw new RefusedUrlException("This link redirects too many times");
            }
            uri = checked(resolve(uri, location.get()));
        }
    }

    /** Parses a link and keeps it only if it is an http or https link to a host, without credentials. */
    private static URI checked(String url) throws RefusedUrlException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("This is not a valid link: " + e.getReason());
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new RefusedUrlException("Only http and https links can be previewed");
        }
        if (uri.getHost() == null) {
            throw new RefusedUrlException("This link has no web address in it");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrlException("Links with a user name or password in them are not previewed");
        }
        return uri;
    }

    private static String resolve(URI base, String location) throws RefusedUrlException {
        try {
            return base.resolve(new URI(location)).toString();
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("The site redirects to an invalid link: " + e.getReason());
        }
    }

    /**
     * Looks the host up once and refuses it if any of its addresses is internal; then returns
     * the URI to connect to: for http, the checked address itself, so that no second lookup
     * (which a rebinding name server answers differently) decides where the request goes.
     * For https the name stays, because the certificate is checked against it: a name rebound
     * to an internal server cannot present a certificate valid for it.
     */
    private URI pinned(URI uri) throws IOException {
        List<InetAddress> addresses = resolver.resolve(uri.getHost());
        if (addresses.isEmpty()) {
            throw new RefusedUrlException("This host has no address");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new RefusedUrlException("This link leads to a private address");
            }
        }
        if (!uri.getScheme().equalsIgnoreCase("http")) {
            return uri;
        }
        InetAddress address = addresses.get(0);
        String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        return URI.create("http://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    static boolean internal(InetAddress address) {
        IPAddress ip = address instanceof Inet4Address v4 ? new IPv4Address(v4) : new IPv6Address((Inet6Address) address);
        return INTERNAL.stream().anyMatch(range -> range.contains(ip));
    }

    private HttpResponse<String> send(URI page, URI connectTo) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(connectTo)
                .timeout(TIMEOUT)
                .header("Accept", "text/html, image/*;q=0.8, */*;q=0.5")
                .header("User-Agent", "RampartLinkPreview/1.0")
                .GET()
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while fetching " + page);
        }
    }
}
