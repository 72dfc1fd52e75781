package dev.rampart.kata.fileuploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What a browser does when someone opens a served file by its URL (a link in a ticket, an
 * avatar opened in a new tab), following the standards browsers implement:
 * <ol>
 *   <li>{@code Content-Disposition} (RFC 6266): anything but {@code inline} is a download, never
 *       shown in the page's origin;</li>
 *   <li>{@code Content-Type}, read with Fetch's "extract a MIME type": the header is split on
 *       commas and the <em>last</em> valid type wins, so {@code image/png,text/html} is HTML;</li>
 *   <li>MIME Sniffing's "computed MIME type": a missing or invalid type (or
 *       {@code unknown/unknown}, or the wildcard type) is sniffed from the first bytes, and an HTML
 *       signature there makes the file a page, {@code X-Content-Type-Options} or not; a valid
 *       image type is never sniffed into a page;</li>
 *   <li>an HTML type is parsed as HTML (jsoup, an HTML5 parser), an XML type (SVG, XHTML, any
 *       {@code +xml}) as namespaced XML: malformed XML shows an error page and runs nothing;</li>
 *   <li>the document runs the attacker's script if it holds a script element, an event-handler
 *       attribute or a {@code javascript:} URL, unless a Content-Security-Policy stops all
 *       script ({@code sandbox} without {@code allow-scripts}, or {@code script-src 'none'}).</li>
 * </ol>
 * It models no browser's bugs, only the standards, so it errs on the side of the defender.
 */
final class Browser {

    private static final String XHTML = "http://www.w3.org/1999/xhtml";
    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** MIME Sniffing's HTML signatures: each is followed by a space or '>' in the file. */
    private static final List<String> HTML_SIGNATURES = List.of("<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME",
            "<H1", "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--");

    private Browser() {
    }

    /** How the browser showed the file: downloaded, or rendered as a type, and the scripts that ran. */
    record Opened(boolean downloaded, Optional<String> renderedAs, List<String> scripts) {
        boolean runsScript() {
            return !scripts.isEmpty();
        }

        @Override
        public String toString() {
            return downloaded ? "downloaded" : "shown as " + renderedAs.orElse("nothing")
                    + (scripts.isEmpty() ? "" : ", running " + scripts);
        }
    }

    static Opened open(Download download) {
        var disposition = download.header("Content-Disposition").map(Browser::dispositionType).orElse("inline");
        var type = computedType(download);
        if (!disposition.equals("inline")) {
            return new Opened(true, type, List.of());
        }
        List<String> scripts = type.map(t -> scriptsIn(t, download.body())).orElse(List.of());
        if (!scripts.isEmpty() && cspStopsScript(download.header("Content-Security-Policy"))) {
            scripts = List.of();
        }
        return new Opened(false, type, scripts);
    }

    /** The MIME type the browser settles on, before Content-Disposition has its say. */
    static Optional<String> computedType(Download download) {
        var supplied = download.header("Content-Type").flatMap(Browser::extractMimeType);
        if (supplied.isEmpty() || List.of("unknown/unknown", "application/unknown", "*/*").contains(supplied.get())) {
            return sniff(download.body());
        }
        return supplied;
    }

    /** Fetch, "extract a MIME type": every comma-separated value is parsed, and the last valid one wins. */
    static Optional<String> extractMimeType(String header) {
        Optional<String> found = Optional.empty();
        for (var value : splitOutsideQuotes(header)) {
            var parsed = parseMimeType(value);
            if (parsed.isPresent() && !parsed.get().equals("*/*")) {
                found = parsed;
            }
        }
        return found;
    }

    /** The MIME type's essence ({@code type/subtype}, lower case) as the WHATWG parser reads it, or empty if invalid. */
    private static Optional<String> parseMimeType(String value) {
        var text = value.strip();
        var slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        var semicolon = text.indexOf(';', slash);
        var type = text.substring(0, slash);
        var subtype = (semicolon < 0 ? text.substring(slash + 1) : text.substring(slash + 1, semicolon)).strip();
        if (!TOKEN.matcher(type).matches() || !TOKEN.matcher(subtype).matches()) {
            return Optional.empty();
        }
        return Optional.of((type + "/" + subtype).toLowerCase(Locale.ROOT));
    }

    private static List<String> splitOutsideQuotes(String header) {
        var values = new ArrayList<String>();
        var current = new StringBuilder();
        var quoted = false;
        for (int i = 0; i < header.length(); i++) {
            var c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values;
    }

    /** MIME Sniffing, "identifying an unknown MIME type", reduced to what makes a document. */
    private static Optional<String> sniff(byte[] body) {
        var start = 0;
        while (start < body.length && " \t\n\f\r".indexOf(body[start]) >= 0) {
            start++;
        }
        var head = new String(body, start, Math.min(body.length - start, 512), StandardCharsets.ISO_8859_1);
        var upper = head.toUpperCase(Locale.ROOT);
        for (var signature : HTML_SIGNATURES) {
            if (upper.startsWith(signature) && upper.length() > signature.length()
                    && (upper.charAt(signature.length()) == ' ' || upper.charAt(signature.length()) == '>')) {
                return Optional.of("text/html");
            }
        }
        if (head.startsWith("<?xml")) {
            return Optional.of("text/xml");
        }
        return Optional.empty();
    }

    private static String dispositionType(String header) {
        var semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isXml(String type) {
        return type.equals("text/xml") || type.equals("application/xml") || type.endsWith("+xml");
    }

    private static List<String> scriptsIn(String type, byte[] body) {
        if (type.equals("text/html")) {
            return scriptsInHtml(new String(body, StandardCharsets.ISO_8859_1));
        }
        if (isXml(type)) {
            return scriptsInXml(body);
        }
        return List.of();
    }

    private static List<String> scriptsInHtml(String html) {
        var found = new ArrayList<String>();
        for (var element : Jsoup.parse(html).getAllElements()) {
            if (element.normalName().equals("script")) {
                found.add("<script>");
            }
            for (Attribute attribute : element.attributes()) {
                scriptInAttribute(element.normalName(), attribute.getKey(), attribute.getValue()).ifPresent(found::add);
            }
            if (element.normalName().equals("iframe") && element.hasAttr("srcdoc")) {
                scriptsInHtml(element.attr("srcdoc")).forEach(s -> found.add("iframe srcdoc " + s));
            }
        }
        return found;
    }

    private static List<String> scriptsInXml(byte[] body) {
        var found = new ArrayList<String>();
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            walk(builder.parse(new ByteArrayInputStream(body)).getDocumentElement(), found);
        } catch (SAXException | IOException notWellFormed) {
            return List.of();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** Script runs only from elements in the XHTML and SVG namespaces; any other XML is shown as a tree. */
    private static void walk(Element element, List<String> found) {
        var active = XHTML.equals(element.getNamespaceURI()) || SVG.equals(element.getNamespaceURI());
        if (active) {
            if ("script".equals(element.getLocalName())) {
                found.add("<script>");
            }
            var attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                var attribute = attributes.item(i);
                var name = attribute.getLocalName() != null ? attribute.getLocalName() : attribute.getNodeName();
                scriptInAttribute(element.getLocalName(), name, attribute.getNodeValue()).ifPresent(found::add);
            }
            var animated = element.getAttribute("attributeName").toLowerCase(Locale.ROOT);
            if (Arrays.asList("set", "animate").contains(element.getLocalName()) && animated.startsWith("on")) {
                found.add("<" + element.getLocalName() + "> setting " + animated);
            }
        }
        for (var child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                walk((Element) child, found);
            }
        }
    }

    /** An event handler ({@code onload=...}) or a {@code javascript:} URL in any attribute. */
    private static Optional<String> scriptInAttribute(String element, String name, String value) {
        var lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("on") && lower.length() > 2 && !value.isBlank()) {
            return Optional.of("<" + element + " " + lower + ">");
        }
        // The URL parser drops leading controls and spaces, and tabs and newlines anywhere.
        var url = value.replaceAll("[\\t\\n\\r]", "").replaceFirst("^[\\x00-\\x20]+", "").toLowerCase(Locale.ROOT);
        if (url.startsWith("javascript:")) {
            return Optional.of("<" + element + " " + lower + "=javascript:>");
        }
        return Optional.empty();
    }

    /** True when the policy forbids every script: a sandbox without allow-scripts, or script-src 'none'. */
    private static boolean cspStopsScript(Optional<String> policy) {
        if (policy.isEmpty()) {
            return false;
        }
        // A policy's first occurrence of a directive counts; later ones are ignored.
        var directives = new LinkedHashMap<String, List<String>>();
        for (var directive : policy.get().split(";")) {
            var parts = Arrays.asList(directive.strip().toLowerCase(Locale.ROOT).split("\\s+"));
            directives.putIfAbsent(parts.get(0), parts.subList(1, parts.size()));
        }
        if (directives.containsKey("sandbox") && !directives.get("sandbox").contains("allow-scripts")) {
            return true;
        }
        var scripts = directives.containsKey("script-src") ? directives.get("script-src") : directives.get("default-src");
        return List.of("'none'").equals(scripts);
    }
}
