package dev.rampart.kata.xxe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads the purchase orders partners upload as XML, the way the order service does: one order
 * into objects (DOM), a nightly feed of many orders (SAX), the customers of a feed for the
 * partner dashboard (StAX), the schema check whose problems are sent back to the partner, and the
 * packing slip printed for the warehouse (XSLT).
 *
 * <p>An order looks like this; a feed wraps any number of them in {@code <orders>}:
 * <pre>{@code
 * <order id="PO-1001">
 *   <customer>Acme Tools</customer>
 *   <line sku="HAM-16" qty="2"/>
 * </order>
 * }</pre>
 *
 * <p>Every upload is read as the OWASP XML External Entity Prevention Cheat Sheet says: a
 * document that carries a DOCTYPE is refused outright (StAX: DTDs are not supported), so there is
 * no entity to read a file, call a URL or expand a billion times, and XInclude stays off. The
 * schema check and the packing slip never let a parser of their own read the raw bytes: they
 * read them through the hardened SAX parser.
 */
public final class OrderImport {

    /** The order format published to partners. */
    static final String ORDER_SCHEMA = """
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="order">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="customer">
                      <xs:simpleType>
                        <xs:restriction base="xs:string">
                          <xs:pattern value="[\\p{L}\\p{N} .,'&amp;\\-]{1,80}"/>
                        </xs:restriction>
                      </xs:simpleType>
                    </xs:element>
                    <xs:element name="line" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:attribute name="sku" use="required">
                          <xs:simpleType>
                            <xs:restriction base="xs:string">
                              <xs:pattern value="[A-Z0-9\\-]{2,20}"/>
                            </xs:restriction>
                          </xs:simpleType>
                        </xs:attribute>
                        <xs:attribute name="qty" use="required" type="xs:positiveInteger"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:sequence>
                  <xs:attribute name="id" use="required" type="xs:token"/>
                </xs:complexType>
              </xs:element>
            </xs:schema>
            """;

    /** The warehouse's packing slip: plain text, one line per article. */
    static final String PACKING_SLIP = """
            <xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
              <xsl:output method="text" encoding="UTF-8"/>
              <xsl:template match="/order">
                <xsl:text>Order </xsl:text><xsl:value-of select="@id"/>
                <xsl:text>&#10;Customer: </xsl:text><xsl:value-of select="customer"/>
                <xsl:for-each select="line">
                  <xsl:text>&#10;</xsl:text><xsl:value-of select="@qty"/>
                  <xsl:text> x </xsl:text><xsl:value-of select="@sku"/>
                </xsl:for-each>
                <xsl:text>&#10;</xsl:text>
              </xsl:template>
            </xsl:stylesheet>
            """;

    /** The feature that refuses any document with a DOCTYPE: no DTD, so no entities at all. */
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private final DocumentBuilderFactory documents = DocumentBuilderFactory.newInstance();
    private final SAXParserFactory feeds = SAXParserFactory.newInstance();
    private final XMLInputFactory streams = XMLInputFactory.newInstance();
    private final Schema schema;
    private final Templates packingSlip;

    public OrderImport() {
        try {
            // No DOCTYPE, so no DTD: no external DTD to fetch, no entity to read a file, call a URL
            // or expand a billion times. Orders need none: &amp; and &#233; are built into XML.
            // XInclude stays off, the default: it needs no DOCTYPE, and no other setting stops it.
            documents.setNamespaceAware(true);
            documents.setFeature(DISALLOW_DOCTYPE, true);
            feeds.setNamespaceAware(true);
            feeds.setFeature(DISALLOW_DOCTYPE, true);
            // StAX cannot refuse a DOCTYPE. Without DTD support it skips one unread, and an entity
            // it would have declared is an undeclared entity: an error, not a file.
            streams.setProperty(XMLInputFactory.SUPPORT_DTD, false);

            // The schema and the stylesheet are this class's own constants; the uploads never
            // reach the parsers of the SchemaFactory, the Validator or the Transformer (see hardened).
            schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new StreamSource(new StringReader(ORDER_SCHEMA)));
            packingSlip = TransformerFactory.newInstance().newTemplates(new StreamSource(new StringReader(PACKING_SLIP)));
        } catch (ParserConfigurationException | SAXException | TransformerConfigurationException e) {
            throw new IllegalStateException("This JDK's XML parsers cannot be configured", e);
        }
    }

    /**
     * Reads one order (DOM).
     *
     * @throws InvalidOrderException if the upload is not a well-formed order
     */
    public Order read(byte[] xml) throws InvalidOrderException {
        try {
            Element order = documents.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            List<Order.Line> lines = new ArrayList<>();
            NodeList lineElements = order.getElementsByTagName("line");
            for (int i = 0; i < lineElements.getLength(); i++) {
                Element line = (Element) lineElements.item(i);
                lines.add(new Order.Line(line.getAttribute("sku"), quantity(line.getAttribute("qty"))));
            }
            NodeList customer = order.getElementsByTagName("customer");
            String name = customer.getLength() == 0 ? "" : customer.item(0).getTextContent();
            return new Order(order.getAttribute("id"), name, lines);
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new InvalidOrderException("Not a readable order: " + e.getMessage(), e);
        }
    }

    /**
     * Reads every order of a feed as it streams in (SAX): a feed holds many thousands of orders,
     * too many to build a tree of.
     *
     * @throws InvalidOrderException if the feed is not well-formed
     */
    public List<Order> readAll(InputStream feed) throws InvalidOrderException {
        var handler = new FeedHandler();
        try {
            SAXParser parser = feeds.newSAXParser();
            parser.parse(feed, handler);
            return handler.orders;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new InvalidOrderException("Not a readable feed: " + e.getMessage(), e);
        }
    }

    /**
     * The customers of a feed, in the feed's order, for the partner dashboard (StAX).
     *
     * @throws InvalidOrderException if the feed is not well-formed
     */
    public List<String> customers(InputStream feed) throws InvalidOrderException {
        List<String> customers = new ArrayList<>();
        try {
            XMLStreamReader reader = streams.createXMLStreamReader(feed);
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("customer")) {
                        customers.add(reader.getElementText());
                    }
                }
            } finally {
                reader.close();
            }
            return customers;
        } catch (XMLStreamException e) {
            throw new InvalidOrderException("Not a readable feed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an order against the published schema, for the partner's upload report.
     *
     * @return what is wrong with the order, one sentence each; empty if it is valid
     * @throws InvalidOrderException if the upload is not well-formed XML at all
     */
    public List<String> problems(byte[] xml) throws InvalidOrderException {
        List<String> problems = new ArrayList<>();
        try {
            Validator validator = schema.newValidator();
            validator.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    problems.add(describe(e));
                }

                @Override
                public void error(SAXParseException e) {
                    problems.add(describe(e));
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            validator.validate(hardened(xml));
            return problems;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new InvalidOrderException("Not a readable order: " + e.getMessage(), e);
        }
    }

    /**
     * The packing slip the warehouse prints for one order (XSLT).
     *
     * @throws InvalidOrderException if the upload is not a well-formed order
     */
    public String packingSlip(byte[] xml) throws InvalidOrderException {
        try {
            var slip = new StringWriter();
            packingSlip.newTransformer().transform(hardened(xml), new StreamResult(slip));
            return slip.toString();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("This JDK's SAX parser cannot be configured", e);
        } catch (TransformerException e) {
            throw new InvalidOrderException("Not a readable order: " + e.getMessageAndLocation(), e);
        }
    }

    /**
     * The upload as the Validator and the Transformer must read it: through the hardened SAX
     * parser. Given a StreamSource, each would parse it with a parser of its own, DTD and entities
     * included, which none of the settings above reach.
     */
    private SAXSource hardened(byte[] xml) throws ParserConfigurationException, SAXException {
        return new SAXSource(feeds.newSAXParser().getXMLReader(), new InputSource(new ByteArrayInputStream(xml)));
    }

    private static String describe(SAXParseException e) {
        return "line " + e.getLineNumber() + ": " + e.getMessage();
    }

    private static int quantity(String qty) throws SAXException {
        try {
            return Integer.parseInt(qty.strip());
        } catch (NumberFormatException e) {
            throw new SAXException("qty is not a number: " + qty);
        }
    }

    /** Builds the orders from the events of a feed. */
    private static final class FeedHandler extends DefaultHandler {

        final List<Order> orders = new ArrayList<>();
        private String id;
        private StringBuilder customer;
        private boolean inCustomer;
        private List<Order.Line> lines;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            switch (localName) {
                case "order" -> {
                    id = attributes.getValue("id");
                    customer = new StringBuilder();
                    lines = new ArrayList<>();
                }
                case "customer" -> inCustomer = true;
                case "line" -> {
                    if (lines != null) {
                        lines.add(new Order.Line(attributes.getValue("sku"), quantity(String.valueOf(attributes.getValue("qty")))));
                    }
                }
                default -> {
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            if (localName.equals("customer")) {
                inCustomer = false;
            } else if (localName.equals("order") && lines != null) {
                orders.add(new Order(id, customer.toString(), lines));
                lines = null;
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (inCustomer && customer != null) {
                customer.append(ch, start, length);
            }
        }
    }
}
