package dev.rampart.kata.htmlsanitizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

/**
 * What a page that shows some HTML would let run, judged on the elements and attributes a real
 * HTML parser builds from it, never on its text.
 *
 * <p>{@link #in(String)} parses with jsoup, which follows the HTML5 parsing algorithm; the
 * browser cases hand {@link #of(List)} the elements Chromium built in its live DOM. Each finding
 * is one sentence naming the element and what it does.
 */
public final class Dangers {

    /** Elements that run script, load or frame another document, submit, navigate, or switch the parser to other rules. */
    private static final Map<String, String> ACTIVE_ELEMENTS = Map.ofEntries(
            Map.entry("script", "runs script"),
            Map.entry("style", "brings the attacker's CSS into the page"),
            Map.entry("link", "loads the attacker's stylesheet or document"),
            Map.entry("iframe", "frames another page inside the comment"),
            Map.entry("frame", "frames another page"),
            Map.entry("frameset", "frames other pages"),
            Map.entry("object", "loads a plugin or another document"),
            Map.entry("embed", "loads a plugin or another document"),
            Map.entry("applet", "loads a Java applet"),
            Map.entry("portal", "embeds another page"),
            Map.entry("base", "sends every relative link of the page to the attacker's site"),
            Map.entry("meta", "can refresh the page to the attacker's site"),
            Map.entry("form", "posts what the reader types to the attacker"),
            Map.entry("input", "asks the reader for input the page did not ask for"),
            Map.entry("button", "submits or runs a form action"),
            Map.entry("textarea", "asks the reader for input the page did not ask for"),
            Map.entry("select", "asks the reader for input the page did not ask for"),
            Map.entry("svg", "opens SVG content, parsed by other rules than HTML (namespace confusion)"),
            Map.entry("math", "opens MathML content, parsed by other rules than HTML (namespace confusion)"),
            Map.entry("template", "holds markup parsed by other rules"),
            Map.entry("noscript", "is parsed differently with scripting on and off"),
            Map.entry("noembed", "is raw text in the browser, markup to other parsers"),
            Map.entry("noframes", "is raw text in the browser, markup to other parsers"),
            Map.entry("xmp", "is raw text in the browser, markup to other parsers"),
            Map.entry("plaintext", "turns the rest of the page into text"));

    /** Attributes whose value is a URL the browser follows, loads or runs. */
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction", "data", "xlink:href",
            "poster", "background", "lowsrc", "dynsrc", "codebase", "cite", "ping", "to", "from", "values");

    /** Schemes that run script or carry a whole attacker-written document. */
    private static final Set<String> SCRIPT_SCHEMES = Set.of("javascript", "vbscript", "data", "livescript", "mocha");

    /** Scheme at the start of a URL, once the browser has stripped what it strips. */
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.\\-]*):");

    private static final Pattern CSS_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern CSS_ESCAPE = Pattern.compile("\\\\([0-9a-fA-F]{1,6})[ \\t\\n\\r\\f]?|\\\\(.)");
    private static final Pattern CSS_URL = Pattern.compile("url\\(['\"]?([^'\")]*)");
    private static final List<String> CSS_SCRIPT = List.of("expression(", "behavior:", "-moz-binding", "@import", "javascript:",
            "vbscript:");

    /** One element as a parser built it: its name and its attributes, in order. */
    public record Node(String name, List<Map.Entry<String, String>> attributes) {
    }

    private Dangers() {
    }

    /** What the HTML, parsed as a page's body by jsoup, would let run. */
    public static List<String> in(String html) {
        var body = Jsoup.parseBodyFragment(html).body();
        var nodes = new ArrayList<Node>();
        // The body itself too: a <body onload> in the input lands its attributes there.
        for (Element element : body.getAllElements()) {
            var attributes = new ArrayList<Map.Entry<String, String>>();
            for (Attribute attribute : element.attributes()) {
                attributes.add(Map.entry(attribute.getKey(), attribute.getValue()));
            }
            nodes.add(new Node(element.normalName(), attributes));
        }
        return of(nodes);
    }

    /** What elements built by a parser would let run. */
    public static List<String> of(List<Node> nodes) {
        var found = new ArrayList<String>();
        for (var node : nodes) {
            var name = node.name().toLowerCase(Locale.ROOT);
            var element = ACTIVE_ELEMENTS.get(name);
            if (element != null) {
                found.add("<%s> %s".formatted(name, element));
            }
            for (var attribute : node.attributes()) {
                var key = attribute.getKey().toLowerCase(Locale.ROOT);
                var value = attribute.getValue();
                if (key.startsWith("on")) {
                    found.add("<%s %s=\"%s\"> runs script when the event fires".formatted(name, key, value));
                } else if (key.equals("srcdoc")) {
                    found.add("<%s srcdoc> frames a document the attacker wrote".formatted(name));
                } else if (key.equals("style")) {
                    css(value).ifPresent(what -> found.add("<%s style=\"%s\"> %s".formatted(name, value, what)));
                } else if (URL_ATTRIBUTES.contains(key) || key.endsWith(":href")) {
                    scriptScheme(value).ifPresent(scheme -> found.add(
                            "<%s %s=\"%s\"> is a %s: URL, which runs script or a whole page the attacker wrote".formatted(name, key,
                                    value, scheme)));
                }
            }
        }
        return found;
    }

    /**
     * The scheme of a URL as a browser reads it: leading and trailing controls and spaces
     * stripped, tabs and line breaks removed anywhere, letters lowercased. Empty for http, https,
     * mailto, a relative URL, or a scheme that cannot run script.
     */
    static java.util.Optional<String> scriptScheme(String url) {
        var stripped = url.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
        Matcher scheme = SCHEME.matcher(stripped);
        if (scheme.find()) {
            var name = scheme.group(1).toLowerCase(Locale.ROOT);
            if (SCRIPT_SCHEMES.contains(name)) {
                return java.util.Optional.of(name);
            }
        }
        return java.util.Optional.empty();
    }

    /** What a style attribute's CSS does that formatting never needs, once comments and escapes are undone. */
    static java.util.Optional<String> css(String style) {
        var text = CSS_COMMENT.matcher(style).replaceAll("");
        text = CSS_ESCAPE.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null
                ? Character.toString(Integer.parseInt(m.group(1), 16))
                : m.group(2)));
        var squeezed = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        for (var construct : CSS_SCRIPT) {
            if (squeezed.contains(construct)) {
                return java.util.Optional.of("carries " + construct + " (script or a binding in CSS)");
            }
        }
        Matcher url = CSS_URL.matcher(squeezed);
        while (url.find()) {
            var scheme = scriptScheme(url.group(1));
            if (scheme.isPresent()) {
                return java.util.Optional.of("loads a " + scheme.get() + ": URL from CSS");
            }
        }
        if (squeezed.contains("position:fixed") || squeezed.contains("position:absolute")) {
            return java.util.Optional.of("lifts the comment out of its box, over the page (a fake login drawn over the real one)");
        }
        return java.util.Optional.empty();
    }
}
