package dev.rampart.kata.ssrf;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole network as the fetcher sees it, built for one test and never left: a name service
 * ({@link #resolver()}), and an HTTP proxy on 127.0.0.1 ({@link #egress()}) that every request
 * goes to. The proxy plays the network: it reads where each request was headed (the absolute
 * URI of the request line, or a CONNECT's host and port), looks that host up the way the network
 * would at connect time, records the destination, and answers as the site there would, from
 * canned pages. Nothing is ever sent beyond loopback, on the starter as on the solution: an
 * attack succeeds when a recorded destination is internal, not by reaching it.
 *
 * <p><b>The name service</b> is one table, shared by the fetcher's resolver and the proxy's
 * connect-time lookups, so a name answered differently on its second lookup (DNS rebinding)
 * is seen as the network would see it. Address literals are read the way the C library's
 * {@code inet_aton} reads them (as egress proxies, curl and the system resolver do): one to
 * four parts, each decimal, octal ({@code 0177}) or hex ({@code 0x7f}). The JDK reads them
 * otherwise ({@code 0177.0.0.1} is 177.0.0.1 to {@link InetAddress}, and it has no hex), and
 * that difference is the attack. Names under {@code nip.io} answer the address they spell, as
 * the real service does.
 *
 * <p><b>The guard.</b> As a JUnit extension the world also replaces the JVM's default
 * {@link ProxySelector} for the duration of the test with one that sends every request to the
 * same proxy and marks it as having escaped: an {@code HttpClient} (or {@code URLConnection})
 * built without the fetcher's egress seam would otherwise connect straight to the address, a
 * real packet to 169.254.169.254. After the test, any escaped request fails the case. The JDK
 * offers no JVM-wide socket hook that works on Java 17 and 25 alike (a SecurityManager cannot be
 * installed on 18 and later; {@code InetAddressResolverProvider} needs 18, is loaded once per
 * JVM and would change every other kata's lookups), so what the guard cannot see is a raw
 * {@code Socket} or a lookup through {@code InetAddress} itself: the fetcher must take both its
 * lookups and its connections through the seams. The starter and the solution do.
 */
final class World implements BeforeEachCallback, AfterEachCallback {

    /** The public web: documentation and example addresses, served by the proxy, never contacted. */
    static final InetAddress EXAMPLE_V4 = literal("93.184.215.14");
    static final InetAddress EXAMPLE_V6 = literal("2606:2800::1");
    static final InetAddress NEWS = literal("198.51.100.7");
    static final InetAddress ATTACKER = literal("203.0.113.66");

    /** What the metadata service answers for the instance's role: the prize. */
    static final String CLOUD_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /** One request as it reached the network. */
    record Destination(String requestTarget, String host, List<InetAddress> addresses, boolean escaped) {
        boolean internal() {
            return addresses.stream().anyMatch(World::internal);
        }
    }

    private final Map<String, List<List<InetAddress>>> names = new HashMap<>();
    private final Map<String, AtomicInteger> lookups = new HashMap<>();
    private final Map<InetAddress, Map<String, Answer>> sites = new HashMap<>();
    private final List<Destination> destinations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> resolverCalls = Collections.synchronizedList(new ArrayList<>());
    private ServerSocket proxy;
    private Thread acceptor;
    private ProxySelector previousDefault;

    /** A canned HTTP answer. */
    record Answer(int status, String contentType, String body, String location) {
        static Answer page(String title, String text) {
            return new Answer(200, "text/html; charset=utf-8",
                    "<html><head><title>" + title + "</title></head><body><p>" + text + "</p></body></html>", null);
        }

        static Answer redirect(int status, String location) {
            return new Answer(status, "text/plain", "", location);
        }
    }

    World() {
        name("www.example.com", EXAMPLE_V4, EXAMPLE_V6);
        name("example.com", EXAMPLE_V4);
        name("v6.example.net", EXAMPLE_V6);
        name("news.example.org", NEWS);
        name("cdn.example.org", NEWS, literal("198.51.100.8"));
        name("attacker.example", ATTACKER);
        name("localhost", literal("127.0.0.1"), literal("::1"));
        name("localtest.me", literal("127.0.0.1"));
        name("metadata.google.internal", literal("169.254.169.254"));
        name("metadata.attacker.example", literal("169.254.169.254"));
        name("intranet.corp.example", literal("10.0.0.5"));
        name("db.corp.example", literal("172.16.3.4"));
        name("printer.corp.example", literal("192.168.1.20"));
        name("carrier.corp.example", literal("100.64.0.9"));
        name("ula.corp.example", literal("fd12:3456:789a::5"));
        name("any.attacker.example", literal("0.0.0.0"));
        name("mixed.attacker.example", ATTACKER, literal("10.0.0.5"));
        name("mixed6.attacker.example", EXAMPLE_V6, literal("fd00:ec2::254"));
        names.put("parked.example", List.of(List.of()));
        names.put("rebind.attacker.example", List.of(List.of(ATTACKER), List.of(literal("169.254.169.254"))));

        site(EXAMPLE_V4, "/", Answer.page("Example Domain", "This domain is for use in documentation."));
        site(EXAMPLE_V4, "/index.html", Answer.page("Example Domain", "This domain is for use in documentation."));
        site(EXAMPLE_V4, "/a%20b.html", Answer.page("A and B", "A page whose name holds a space."));
        site(EXAMPLE_V4, "/old", Answer.redirect(301, "http://www.example.com/new"));
        site(EXAMPLE_V4, "/new", Answer.page("Moved here", "The page that moved."));
        site(EXAMPLE_V4, "/to-news", Answer.redirect(302, "http://news.example.org/today?lang=en"));
        site(EXAMPLE_V4, "/relative", Answer.redirect(302, "/index.html"));
        site(EXAMPLE_V4, "/loop", Answer.redirect(302, "http://www.example.com/loop"));
        site(EXAMPLE_V4, "/no-location", new Answer(302, "text/plain", "moved, somewhere", null));
        site(EXAMPLE_V4, "/created", new Answer(201, "text/html", "<html><head><title>Created</title></head></html>",
                "http://www.example.com/new"));
        site(EXAMPLE_V6, "/", Answer.page("Example Domain (IPv6)", "Served over IPv6."));
        site(NEWS, "/today?lang=en", Answer.page("Today's news", "Nothing happened."));
        site(NEWS, "/hop1", Answer.redirect(302, "http://news.example.org/hop2"));
        site(NEWS, "/hop2", Answer.redirect(307, "http://www.example.com/new"));
        site(literal("198.51.100.8"), "/today?lang=en", Answer.page("Today's news", "Nothing happened."));
        site(ATTACKER, "/", Answer.page("Totally harmless", "Nothing to see."));
        site(ATTACKER, "/latest/meta-data/iam/security-credentials/", Answer.page("Harmless", "Nothing to see."));

        var metadata = Answer.page("metadata", "{\"AccessKeyId\":\"ASIAEXAMPLE\",\"SecretAccessKey\":\"" + CLOUD_SECRET + "\"}");
        for (var address : List.of("169.254.169.254", "fd00:ec2::254", "169.254.170.2", "100.100.100.200")) {
            sites.put(literal(address), Map.of("*", metadata));
        }
    }

    // ---- the name service ----

    void name(String name, InetAddress... addresses) {
        names.put(name, List.of(List.of(addresses)));
    }

    void site(InetAddress address, String pathAndQuery, Answer answer) {
        sites.computeIfAbsent(address, a -> new LinkedHashMap<>()).put(pathAndQuery, answer);
    }

    /** Makes {@code http://attacker.example/go} answer a redirect. */
    void attackerRedirects(int status, String location) {
        site(ATTACKER, "/go", Answer.redirect(status, location));
    }

    /** The resolver the fetcher is given: the same name service the network uses. */
    HostResolver resolver() {
        return host -> {
            resolverCalls.add(host);
            return lookUp(host);
        };
    }

    List<String> resolverCalls() {
        return List.copyOf(resolverCalls);
    }

    /** What the name service answers for {@code host}, now: rebinding names change after their first lookup. */
    synchronized List<InetAddress> lookUp(String host) throws UnknownHostException {
        if (host == null || host.isEmpty()) {
            throw new UnknownHostException("no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.indexOf(':') >= 0) {
            // An IPv6 literal: the JDK parses it in place and never asks DNS about a host holding ':'.
            return List.of(InetAddress.getByName(host));
        }
        var numeric = inetAton(host);
        if (numeric != null) {
            return List.of(numeric);
        }
        var name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.endsWith(".nip.io")) {
            var labels = name.substring(0, name.length() - ".nip.io".length()).split("\\.");
            if (labels.length >= 4) {
                var spelled = inetAton(String.join(".", List.of(labels).subList(labels.length - 4, labels.length)));
                if (spelled != null) {
                    return List.of(spelled);
                }
            }
        }
        var answers = names.get(name);
        if (answers == null) {
            throw new UnknownHostException(host + ": no such name in the test's world");
        }
        int n = lookups.computeIfAbsent(name, k -> new AtomicInteger()).getAndIncrement();
        return answers.get(Math.min(n, answers.size() - 1));
    }

    /** inet_aton: 1 to 4 parts, each decimal, 0-led octal or 0x hex; the last part fills the bytes left. */
    static InetAddress inetAton(String text) {
        if (text.isEmpty() || text.endsWith(".") || !text.matches("[0-9a-fA-FxX.]+")) {
            return null;
        }
        var parts = text.split("\\.");
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            var part = parts[i].toLowerCase(Locale.ROOT);
            try {
                if (part.startsWith("0x")) {
                    values[i] = part.length() == 2 ? 0 : Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part, 10);
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            address |= values[i] << (8 * (3 - i));
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (4 - (values.length - 1)))) {
            return null;
        }
        address |= last;
        byte[] bytes = {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress literal(String address) {
        try {
            // Literals only (digits and dots, or a ':'): parsed in place, never looked up.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /**
     * The suite's own judgment of an address, written apart from any solution: loopback, the
     * unspecified address, link-local, private and carrier-grade NAT ranges, multicast and
     * reserved space, IPv6 unique-local, and IPv6 forms that carry an IPv4 address (compatible,
     * NAT64). IPv4-mapped addresses arrive as IPv4: the JDK converts them.
     */
    static boolean internal(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            return x == 0 || x == 10 || x == 127 || x >= 224
                    || (x == 100 && (y & 0xc0) == 64)
                    || (x == 169 && y == 254)
                    || (x == 172 && (y & 0xf0) == 16)
                    || (x == 192 && y == 168)
                    || (x == 198 && (y & 0xfe) == 18);
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return true;
        }
        boolean zeroPrefix = true;
        for (int i = 0; i < 12; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        return zeroPrefix || nat64;
    }

    // ---- the network ----

    /** The egress seam the fetcher is given: every request to the proxy. */
    ProxySelector egress() {
        return ProxySelector.of(proxyAddress());
    }

    private InetSocketAddress proxyAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.getLocalPort());
    }

    List<Destination> destinations() {
        return List.copyOf(destinations);
    }

    List<Destination> internalDestinations() {
        return destinations().stream().filter(Destination::internal).toList();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "ssrf-world-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
        previousDefault = ProxySelector.getDefault();
        ProxySelector.setDefault(new Escapes());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        ProxySelector.setDefault(previousDefault);
        proxy.close();
        assertThat(destinations().stream().filter(Destination::escaped).toList())
                .as("requests that did not take the egress seam the fetcher was given (without the test's guard they "
                        + "would have left the machine): build the HttpClient with .proxy(egress), and nothing else")
                .isEmpty();
    }

    /** The JVM-wide default while a test runs: anything not on loopback goes to the proxy, marked as escaped. */
    private final class Escapes extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            var host = uri.getHost();
            if (host != null && (host.equals("127.0.0.1") || host.equals("[::1]"))) {
                return List.of(Proxy.NO_PROXY);
            }
            return List.of(new Proxy(Proxy.Type.HTTP, escapeAddress()));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        }
    }

    /** Escaped requests reach the same proxy, which cannot tell them apart: the selector records them. */
    private InetSocketAddress escapeAddress() {
        destinations.add(new Destination("(outside the seam)", "?", List.of(), true));
        return proxyAddress();
    }

    private void accept() {
        while (!proxy.isClosed()) {
            try {
                var socket = proxy.accept();
                var handler = new Thread(() -> serve(socket), "ssrf-world-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), ISO_8859_1));
            var out = socket.getOutputStream();
            var requestLine = in.readLine();
            String header;
            do {
                header = in.readLine(); // the destination is read from the request line, not from Host
            } while (header != null && !header.isEmpty());
            var parts = requestLine == null ? new String[0] : requestLine.split(" ");
            if (parts.length != 3) {
                write(out, new Answer(400, "text/plain", "bad request line", null));
            } else if (parts[0].equals("CONNECT")) {
                var authority = parts[1];
                record(authority, authority.substring(0, authority.lastIndexOf(':')));
                // No TLS in this world: the tunnel is refused once its destination is known.
                write(out, new Answer(403, "text/plain", "tunnels are not served here", null));
            } else {
                var target = URI.create(parts[1]);
                write(out, answer(record(parts[1], target.getHost()), target));
            }
        } catch (IOException | RuntimeException e) {
            // the fetcher gave up on the connection; nothing to record
        }
    }

    private List<InetAddress> record(String requestTarget, String host) {
        List<InetAddress> addresses;
        try {
            addresses = lookUp(host);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        destinations.add(new Destination(requestTarget, host, addresses, false));
        return addresses;
    }

    private Answer answer(List<InetAddress> addresses, URI target) {
        var pathAndQuery = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        for (var address : addresses) {
            var site = sites.get(address);
            if (site != null) {
                var answer = site.getOrDefault(pathAndQuery, site.get("*"));
                return answer != null ? answer : new Answer(404, "text/plain", "no such page", null);
            }
        }
        if (addresses.stream().anyMatch(World::internal)) {
            return Answer.page("Admin console", "internal service at " + addresses);
        }
        return new Answer(502, "text/plain", "nobody answers there", null);
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(UTF_8);
        var head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(" Canned\r\n")
                .append("Content-Type: ").append(answer.contentType()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("Connection: close\r\n");
        if (answer.location() != null) {
            head.append("Location: ").append(answer.location()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(ISO_8859_1));
        out.write(body);
        out.flush();
    }
}
