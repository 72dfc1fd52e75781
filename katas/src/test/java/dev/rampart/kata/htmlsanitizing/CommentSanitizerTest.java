package dev.rampart.kata.htmlsanitizing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on the cleaner that lets readers format their comments and bios with a little HTML.
 *
 * <p>The oracle never looks for strings in the output. It parses the sanitized HTML the way a
 * browser builds a page from it (jsoup follows the HTML5 parsing algorithm) and asks what the
 * elements and attributes it built would do: an event handler, a script-capable or framing
 * element, a URL whose scheme runs script once the browser has undone entities, tabs and case, or
 * CSS that runs script or draws over the page (see {@link Dangers}). The mutation-XSS family goes
 * further: it sets the output as a comment's {@code innerHTML} in Chromium and reads back the
 * elements the browser really built, because those payloads are written to be parsed one way by
 * a filter and another way by the browser (see {@link LiveDom}).
 *
 * <p>Honest formatting must survive with its meaning: the text, the elements that format it and
 * the links' targets read the same after cleaning as before.
 */
class CommentSanitizerTest {

    private static LiveDom chromium;

    private final CommentSanitizer sanitizer = new CommentSanitizer();

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @AttackFamily("an event handler attribute runs the attacker's script in every reader's browser")
    @PayloadFile("html-sanitizing/event-handlers.txt")
    void eventHandlers(String payload) {
        assertNothingRuns(payload, "keep the attributes you allow (href on a), drop every other one: a blocklist of "
                + "handler spellings misses the ones the parser accepts after '/' or a closing quote");
    }

    @AttackFamily("a <script> element slips past the filter")
    @PayloadFile("html-sanitizing/script-elements.txt")
    void scriptElements(String payload) {
        assertNothingRuns(payload, "deleting what looks like <script>...</script> from the text leaves unclosed, split "
                + "and oddly closed scripts; build the output from the elements you allow instead");
    }

    @AttackFamily("a javascript:, data: or vbscript: link runs the attacker's script when clicked")
    @PayloadFile("html-sanitizing/script-urls.txt")
    void scriptUrls(String payload) {
        assertNothingRuns(payload, "judge a URL the way the browser reads it (entities decoded, tabs and controls "
                + "removed, any case), and allow the schemes you want (http, https, mailto) rather than refuse the ones you know");
    }

    @AttackFamily("an <svg> or <math> island survives, where the browser parses by other rules")
    @PayloadFile("html-sanitizing/svg-math.txt")
    void svgAndMath(String payload) {
        assertNothingRuns(payload, "comments need no SVG or MathML: inside them the parser follows foreign-content "
                + "rules, which is where namespace confusion starts");
    }

    @AttackFamily("CSS in a style attribute or a <style> element runs script or draws over the page")
    @PayloadFile("html-sanitizing/css.txt")
    void css(String payload) {
        assertNothingRuns(payload, "comments need no style attribute and no <style> element; if you ever allow some "
                + "CSS, let a CSS-aware policy keep a short list of properties");
    }

    @AttackFamily("a frame, plugin, form, base or meta refresh takes the reader somewhere else")
    @PayloadFile("html-sanitizing/frames-and-forms.txt")
    void framesAndForms(String payload) {
        assertNothingRuns(payload, "these elements need no script to hurt: keep only the formatting elements you listed");
    }

    @AttackFamily("markup that the filter and the browser parse differently runs script (mutation XSS)")
    @PayloadFile("html-sanitizing/mutation.txt")
    void mutation(String payload) {
        var output = sanitizer.sanitize(payload);
        if (chromium == null) {
            chromium = LiveDom.launch();
        }
        assertThat(Dangers.of(chromium.elementsOf(output)))
                .as("""
                        Chromium built these from the sanitized comment (set as innerHTML, then parsed once more):
                          input:  %s
                          output: %s
                        raw-text elements (noscript, title, style, xmp) and SVG/MathML change how the rest is parsed; \
                        a sanitizer must parse as the browser does and write a fresh, fully escaped document""", payload, output)
                .isEmpty();
    }

    @Attack("a spammer's link in a comment earns the site's search ranking for the spammer")
    void linksAreMarkedAsUserContent() {
        var payload = "<p>Great post! <a href=\"https://pills.example/cheap\">cheap pills</a></p>";
        var output = sanitizer.sanitize(payload);
        var links = Jsoup.parseBodyFragment(output).select("a[href]");
        assertThat(links).as("the link must survive, it is honest formatting: %s", output).isNotEmpty();
        assertThat(links)
                .as("links readers add must say rel=\"nofollow\" (or \"ugc\") so search engines give them no credit, or "
                        + "comment spam pays: %s", output)
                .allSatisfy(link -> assertThat(link.attr("rel").toLowerCase().split("\\s+")).containsAnyOf("nofollow", "ugc"));
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("html-sanitizing/formatting.txt")
    void keepsHonestFormatting(String html) {
        var output = sanitizer.sanitize(html);
        assertThat(meaning(output))
                .as("the comment must read the same after cleaning: its text, the elements that format it and its links; "
                        + "sanitized to %s", output)
                .isEqualTo(meaning(html));
        assertThat(Dangers.in(output)).as("honest formatting holds nothing that runs").isEmpty();
    }

    @Test
    void keepsAnEmptyCommentEmpty() {
        assertThat(meaning(sanitizer.sanitize(""))).isEmpty();
    }

    /** Text, formatting elements and links' targets, as a parser builds them; other attributes left out. */
    static String meaning(String html) {
        var out = new StringBuilder();
        for (Node child : Jsoup.parseBodyFragment(html).body().childNodes()) {
            meaning(child, out);
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    private static void meaning(Node node, StringBuilder out) {
        if (node instanceof TextNode text) {
            // Escaped, so text that reads "<b>" never looks like a <b> element.
            out.append(text.getWholeText().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
        } else if (node instanceof Element element) {
            out.append('<').append(element.normalName());
            if (element.hasAttr("href")) {
                out.append(" href=").append(element.attr("href"));
            }
            out.append('>');
            for (Node child : element.childNodes()) {
                meaning(child, out);
            }
            out.append("</").append(element.normalName()).append('>');
        }
    }

    private void assertNothingRuns(String payload, String hint) {
        var output = sanitizer.sanitize(payload);
        assertThat(Dangers.in(output))
                .as("""
                        the sanitized comment still holds what runs in a reader's browser:
                          input:  %s
                          output: %s
                        %s""", payload, output, hint)
                .isEmpty();
    }
}
