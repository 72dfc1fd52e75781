package dev.rampart.kata.ssrf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on the link-preview fetcher: a user pastes a link, the server fetches it. The
 * attacker pastes a link to something only the server can reach: the cloud metadata service
 * at 169.254.169.254 (which hands out the instance's credentials), an admin console on
 * loopback, a database in a private range.
 *
 * <p>No packet leaves loopback, on the starter as on the solution. The {@link World} gives the
 * fetcher its name service and its egress route: a proxy on 127.0.0.1 that records where each
 * request was headed and answers as the site there would (a fake metadata document included).
 * The oracle: the destinations the proxy recorded, looked up as the network would look them up
 * when connecting, and judged by the suite's own rules ({@link World#internal}). An attack
 * succeeds when any of them is internal. A refusal (any {@link IOException}) leaks nothing; an
 * unchecked exception is a crash the attacker can provoke at will, and fails the case. The
 * world also guards the JVM's default proxy route for the length of each test: a request that
 * does not take the egress seam fails the case (see {@link World}).
 *
 * <p>What {@code java.net.URI} (and so the JDK's {@code HttpClient}) never lets through, on Java
 * 17 as on 25, is not a case here: {@code 127.1}, {@code 0x7f.0.0.1}, full-width digits and
 * dots, and other authorities it cannot read as a host give no host at all. What it lets
 * through and reads differently from the network is the encoded-IPv4 family.
 */
class LinkPreviewTest {

    private static final String OUTSIDE = "look up the host once, refuse it if any of its addresses is internal (loopback, "
            + "link-local, private, carrier-grade NAT, unique-local, unspecified, multicast, IPv4 inside IPv6), "
            + "then connect to the address you checked";

    @RegisterExtension
    final World world = new World();

    private LinkPreview preview;

    @BeforeEach
    void build() {
        preview = new LinkPreview(world.resolver(), world.egress());
    }

    @AttackFamily("a link to a loopback name or address reaches a service on the server itself")
    @PayloadFile("ssrf/loopback.txt")
    void loopback(String url) {
        assertStaysOutside(url, OUTSIDE);
    }

    @AttackFamily("a link to the cloud metadata service hands over the instance's credentials")
    @PayloadFile("ssrf/metadata.txt")
    void metadata(String url) {
        assertStaysOutside(url, OUTSIDE);
    }

    @AttackFamily("a link to a private, carrier-grade NAT, multicast or broadcast address reaches the internal network")
    @PayloadFile("ssrf/private-ranges.txt")
    void privateRanges(String url) {
        assertStaysOutside(url, OUTSIDE);
    }

    @AttackFamily("an IPv4 address written in decimal, octal or hex is read as loopback or metadata by the network")
    @PayloadFile("ssrf/encoded-ipv4.txt")
    void encodedIpv4(String url) {
        assertStaysOutside(url, "judge the addresses the name service gives for the host, never the host's spelling: "
                + OUTSIDE);
    }

    @AttackFamily("an IPv6 address (mapped, compatible, NAT64, unique-local, link-local) reaches an internal host")
    @PayloadFile("ssrf/ipv6.txt")
    void ipv6(String url) {
        assertStaysOutside(url, "InetAddress.isSiteLocalAddress knows only fec0::/10, not fc00::/7, and an IPv6 address "
                + "can carry an IPv4 one: " + OUTSIDE);
    }

    @AttackFamily("a public-looking name that resolves to an internal address reaches it")
    @PayloadFile("ssrf/internal-names.txt")
    void internalNames(String url) {
        assertStaysOutside(url, "a name says nothing: judge every address it resolves to, not the first one only: "
                + OUTSIDE);
    }

    @AttackFamily("userinfo, fragments and odd spellings hide an internal host behind a public-looking link")
    @PayloadFile("ssrf/parser-confusion.txt")
    void parserConfusion(String url) {
        assertStaysOutside(url, "judge the host java.net.URI reads, resolved, never a prefix or pattern of the text: "
                + OUTSIDE);
    }

    @AttackFamily("a public page redirects the fetcher to an internal address")
    @PayloadFile("ssrf/redirects.txt")
    void redirects(int status, String location) {
        world.attackerRedirects(status, location);
        assertStaysOutside("http://attacker.example/go", "follow redirects yourself (HttpClient.Redirect.NEVER) and "
                + "check every hop's host like the first, with a limit on hops: " + OUTSIDE);
    }

    @AttackFamily("a link with another scheme (file:, ftp:, gopher:, dict:) crashes the fetcher instead of being refused")
    @PayloadFile("ssrf/schemes.txt")
    void schemes(String url) {
        assertStaysOutside(url, "allow http and https only, and refuse anything else with RefusedUrlException");
    }

    @Attack("a name that answers a public address to the check and an internal one to the connection (DNS rebinding) reaches the metadata service")
    void rebinding() {
        assertStaysOutside("http://rebind.attacker.example/latest/meta-data/iam/security-credentials/",
                "the address you checked must be the address you connect to: resolve once, then send the request "
                        + "to that address (a second lookup can answer anything)");
    }

    // ---- honest use ----

    @ParameterizedTest(name = "{0} gives the page titled {1}")
    @PayloadFile("ssrf/legitimate-urls.txt")
    void fetchesPublicPages(String url, String title) throws IOException {
        var page = preview.fetch(url);

        var link = URI.create(url.strip());
        assertThat(page.status()).as("the status of %s", url).isEqualTo(200);
        assertThat(titleOf(page)).as("the title of the page at %s", url).isEqualTo(title);
        assertThat(page.contentType()).as("the page's Content-Type").startsWith("text/html");
        assertThat(page.uri().getHost()).as("the page's address names the host the link named")
                .isEqualToIgnoringCase(link.getHost());
        assertThat(world.destinations()).as("where the requests went").isNotEmpty().noneMatch(World.Destination::internal);
        assertThat(URI.create(world.destinations().get(0).requestTarget()).getPort())
                .as("the port the request for %s was sent to", url)
                .isEqualTo(link.getPort());
    }

    @Test
    void followsRedirectsOnPublicSites() throws IOException {
        var page = preview.fetch("http://www.example.com/old");

        assertThat(titleOf(page)).as("a 301 to another page of the same site is followed").isEqualTo("Moved here");
        assertThat(page.uri()).as("the page's address is where it was finally read").isEqualTo(URI.create("http://www.example.com/new"));
    }

    @Test
    void followsRedirectsToAnotherPublicSite() throws IOException {
        var page = preview.fetch("http://www.example.com/to-news");

        assertThat(titleOf(page)).as("a 302 to another public site is followed").isEqualTo("Today's news");
        assertThat(page.uri()).isEqualTo(URI.create("http://news.example.org/today?lang=en"));
    }

    @Test
    void followsARelativeRedirect() throws IOException {
        var page = preview.fetch("http://www.example.com/relative");

        assertThat(titleOf(page)).as("a Location relative to the page is read against the page's address").isEqualTo("Example Domain");
        assertThat(page.uri()).isEqualTo(URI.create("http://www.example.com/index.html"));
    }

    @Test
    void followsAChainOfRedirects() throws IOException {
        var page = preview.fetch("http://news.example.org/hop1");

        assertThat(titleOf(page)).as("two redirects (302, then 307) are followed").isEqualTo("Moved here");
        assertThat(page.uri()).isEqualTo(URI.create("http://www.example.com/new"));
    }

    @Test
    void aLinkWithSpacesAroundItIsFetched() throws IOException {
        var page = preview.fetch("  http://www.example.com/\t");

        assertThat(titleOf(page)).as("a link pasted with spaces around it is the link").isEqualTo("Example Domain");
    }

    @Test
    void aRedirectLoopStopsAfterAFewHops() {
        try {
            var page = preview.fetch("http://www.example.com/loop");
            assertThat(page.status()).as("a redirect loop given up on is shown as its last redirect").isEqualTo(302);
        } catch (IOException refused) {
            // refusing it is fine too
        }
        assertThat(world.destinations()).as("the requests a page that redirects to itself cost").hasSizeBetween(2, 25);
    }

    @Test
    void aRedirectWithoutALocationDoesNotCrash() {
        try {
            var page = preview.fetch("http://www.example.com/no-location");
            assertThat(page.status()).as("a 302 without Location is shown as it came").isEqualTo(302);
        } catch (IOException refused) {
            // refusing it is fine too
        } catch (RuntimeException crash) {
            fail("a 302 without Location crashed the fetcher: %s", crash);
        }
    }

    @Test
    void aLocationOnAnAnswerThatIsNotARedirectIsNotFollowed() throws IOException {
        var page = preview.fetch("http://www.example.com/created");

        assertThat(page.status()).as("a 201 Created names the new resource in Location; it is not a redirect").isEqualTo(201);
        assertThat(titleOf(page)).isEqualTo("Created");
    }

    @Test
    void aNameWithoutAddressesDoesNotCrash() {
        try {
            preview.fetch("http://parked.example/");
        } catch (IOException refused) {
            // refusing it is right: there is nowhere to go
        } catch (RuntimeException crash) {
            fail("a name the resolver answers with no address crashed the fetcher: %s", crash);
        }
    }

    @Test
    void anHttpsLinkIsSentToItsName() {
        // The test's proxy speaks no TLS: it records the tunnel's destination and refuses it.
        assertThatThrownBy(() -> preview.fetch("https://www.example.com/"))
                .as("the tunnel is refused by the test's proxy")
                .isInstanceOf(IOException.class);
        assertThat(world.destinations()).extracting(World.Destination::requestTarget)
                .as("an https request keeps the host's name, which its certificate is checked against")
                .containsExactly("www.example.com:443");
    }

    @Test
    void theSystemResolverReadsLiteralsInPlace() throws IOException {
        // Literals only: the JDK parses them without asking any name server.
        assertThat(HostResolver.system().resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(HostResolver.system().resolve("[::1]")).hasSize(1).allMatch(InetAddress::isLoopbackAddress);
    }

    @Test
    void aMissingPageIsAPage() throws IOException {
        var page = preview.fetch("http://www.example.com/no-such-page");

        assertThat(page.status()).as("a 404 is an answer, shown as such, not an error").isEqualTo(404);
    }

    @Test
    void anUnknownHostIsAnError() {
        assertThatThrownBy(() -> preview.fetch("http://no-such-host.example/"))
                .as("a host with no address cannot be fetched")
                .isInstanceOf(IOException.class);
    }

    @Test
    void aLinkWithoutAHostIsRefused() {
        assertThatThrownBy(() -> preview.fetch("/just/a/path"))
                .as("a link with no host is refused, with a message for the user")
                .isInstanceOf(RefusedUrlException.class);
        assertThatThrownBy(() -> preview.fetch("http:///just/a/path"))
                .as("an http link with an empty host is refused, with a message for the user")
                .isInstanceOf(RefusedUrlException.class);
    }

    @Test
    void aLinkThatIsNotAUriIsRefused() {
        assertThatThrownBy(() -> preview.fetch("http://www.example.com/a b"))
                .as("text that is not a URI is refused, with a message for the user")
                .isInstanceOf(RefusedUrlException.class);
    }

    // ---- the oracle ----

    private void assertStaysOutside(String url, String hint) {
        Page page = null;
        try {
            page = preview.fetch(url);
        } catch (IOException refused) {
            // refused or unreachable: nothing was fetched
        } catch (RuntimeException crash) {
            fail("fetching %s crashed with %s instead of being refused (a RefusedUrlException): %s", url, crash, hint);
        }
        assertThat(world.internalDestinations())
                .as("internal destinations the fetcher sent a request to for %s (the page it got: %s); %s", url, page, hint)
                .isEmpty();
    }

    private static String titleOf(Page page) {
        var body = page.body();
        int start = body.indexOf("<title>");
        int end = body.indexOf("</title>");
        return start < 0 || end < start ? "" : body.substring(start + "<title>".length(), end);
    }
}
