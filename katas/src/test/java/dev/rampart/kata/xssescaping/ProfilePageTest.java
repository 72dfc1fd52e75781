package dev.rampart.kata.xssescaping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Attacks on a profile page that writes what a member typed into four contexts: text between
 * tags (title, heading, location, bio), a quoted attribute (the avatar's alt text, the website
 * link), a JavaScript string inside the page's script, and a query parameter of a link.
 *
 * <p>The oracle reads the page as a browser would, never by searching its text. jsoup parses
 * it with the HTML5 algorithm browsers share; then:
 * <ul>
 * <li>the page must hold exactly the elements and attributes of the template, and no other:
 *     an element, an attribute or an event handler that is not in the template was injected;</li>
 * <li>every place that shows a value must show it exactly as typed (an escaper that deletes or
 *     mangles text breaks honest profiles, and a filter that deletes is how nested payloads get
 *     through);</li>
 * <li>the script is read by a small JavaScript lexer ({@link JsTokens}): its tokens must be the
 *     template's, and its two string literals must decode to the name and the location;</li>
 * <li>the posts link must decode, as a server reads a query, to {@code author=<name>} and
 *     {@code sort=recent}, nothing more and nothing cut off;</li>
 * <li>the website link, if there is one, must point where the member said, over http or https,
 *     its scheme read the way browsers read it (leading spaces and controls dropped, tabs and
 *     line breaks removed, case ignored).</li>
 * </ul>
 *
 * <p>Payload files put each payload in one field of an otherwise honest profile: a first column
 * names the field ({@code name}, {@code location}, {@code bio}, {@code website}). A tab inside a
 * payload is written {@code {tab}}, since a tab splits the columns.
 */
class ProfilePageTest {

    private static final Profile HONEST = new Profile(
            "Ada Lovelace", "London", "I write notes on the analytical engine.", "https://example.com/ada");

    private static final String TEXT_NOT_MARKUP = "encode each value for the context it is written into "
            + "(text, quoted attribute, JavaScript string, URL parameter), and delete nothing";

    private final ProfilePage page = new ProfilePage();

    // ---- attacks -----------------------------------------------------------------------------

    @AttackFamily("markup typed into the profile becomes elements and event handlers of the page")
    @PayloadFile("xss-escaping/tag-injection.txt")
    void tagInjection(String field, String payload) {
        assertShownAsTyped(with(field, payload));
    }

    @AttackFamily("a quote typed into the name or the website ends the attribute and adds one of its own")
    @PayloadFile("xss-escaping/attribute-breakout.txt")
    void attributeBreakout(String field, String payload) {
        assertShownAsTyped(with(field, payload));
    }

    @AttackFamily("</script> typed into the name or location closes the page's script and opens markup of its own")
    @PayloadFile("xss-escaping/script-block-breakout.txt")
    void scriptBlockBreakout(String field, String payload) {
        assertShownAsTyped(with(field, payload));
    }

    @AttackFamily("a backslash before the quote ends the JavaScript string and runs the rest as code")
    @PayloadFile("xss-escaping/js-string-breakout.txt")
    void jsStringBreakout(String name, String location) {
        assertShownAsTyped(new Profile(name, location, HONEST.bio(), HONEST.website()));
    }

    @AttackFamily("a line break typed into the name or location ends the JavaScript string and stops the page's script")
    @PayloadFile("xss-escaping/line-terminators.txt")
    void lineTerminators(String field, String payload) {
        assertShownAsTyped(with(field, payload));
    }

    @AttackFamily("a website that is a javascript: (or data:, vbscript:) URL, however spelled, runs script when clicked")
    @PayloadFile("xss-escaping/script-urls.txt")
    void scriptUrls(String website) {
        assertShownAsTyped(with("website", website));
    }

    @AttackFamily("the name adds, overrides or cuts off parameters of the posts link")
    @PayloadFile("xss-escaping/query-parameters.txt")
    void queryParameters(String name) {
        assertShownAsTyped(with("name", name));
    }

    @Attack("a name and a location each harmless alone combine into running code in the script")
    void splitAcrossTwoStrings() {
        // The name's trailing backslash turns the quote that closes it into a character of the
        // string; the location's opening quote closes it instead, and the location runs as code:
        // var profile = {name: 'Ada\', location: '-alert(document.domain)};//'};
        assertShownAsTyped(new Profile("Ada\\", "-alert(document.domain)};//", HONEST.bio(), HONEST.website()));
    }

    // ---- honest use --------------------------------------------------------------------------

    @ParameterizedTest(name = "the name {0} shows exactly as typed, in every place it appears")
    @PayloadFile("xss-escaping/honest-names.txt")
    void honestNames(String name) {
        assertShownAsTyped(with("name", name));
    }

    @ParameterizedTest(name = "the location {0} shows exactly as typed, on the page and in its script")
    @PayloadFile("xss-escaping/honest-locations.txt")
    void honestLocations(String location) {
        assertShownAsTyped(with("location", location));
    }

    @ParameterizedTest(name = "the bio {0} shows exactly as typed")
    @PayloadFile("xss-escaping/honest-bios.txt")
    void honestBios(String bio) {
        assertShownAsTyped(with("bio", bio));
    }

    @ParameterizedTest(name = "the website {0} is linked exactly as typed")
    @PayloadFile("xss-escaping/honest-websites.txt")
    void honestWebsites(String website) {
        var profile = with("website", website);
        assertShownAsTyped(profile);
        assertThat(Jsoup.parse(page.render(profile)).select("a.website"))
                .as("an http(s) website must be linked from the profile")
                .hasSize(1);
    }

    @Test
    void aProfileWithoutAWebsiteHasNoWebsiteLink() {
        var profile = with("website", "");
        assertShownAsTyped(profile);
        assertThat(Jsoup.parse(page.render(profile)).select("a.website"))
                .as("a member who gave no website has no website link")
                .isEmpty();
    }

    // ---- the oracle --------------------------------------------------------------------------

    private static Profile with(String field, String value) {
        var v = value.replace("{tab}", "\t");
        return switch (field) {
            case "name" -> new Profile(v, HONEST.location(), HONEST.bio(), HONEST.website());
            case "location" -> new Profile(HONEST.name(), v, HONEST.bio(), HONEST.website());
            case "bio" -> new Profile(HONEST.name(), HONEST.location(), v, HONEST.website());
            case "website" -> new Profile(HONEST.name(), HONEST.location(), HONEST.bio(), v);
            default -> throw new IllegalArgumentException("no field '" + field + "' in a profile");
        };
    }

    /** Renders the profile, parses the page as a browser would, and checks every context. */
    private void assertShownAsTyped(Profile profile) {
        String html = page.render(profile);
        Document doc = Jsoup.parse(html);
        String said = "rendering the profile " + describe(profile);

        assertSameElements(doc, profile, said);
        assertText(doc, "title", profile.name() + " · Rampart Social", said);
        assertText(doc, "h1", profile.name(), said);
        assertText(doc, "p.location", profile.location(), said);
        assertText(doc, "p.bio", profile.bio(), said);
        assertText(doc, "a.more", "More posts by " + profile.name(), said);
        assertThat(newlines(doc.selectFirst("img.avatar").attr("alt")))
                .as("%s: the avatar's alt text must be the name exactly as typed; %s", said, TEXT_NOT_MARKUP)
                .isEqualTo(newlines(profile.name()));
        assertWebsiteLink(doc, profile, said);
        assertPostsLink(doc, profile, said);
        assertScript(doc, profile, said);
    }

    /** The template's elements, in order, each with its attributes; values a member types read "…". */
    private static List<String> template(boolean withWebsite) {
        var elements = new ArrayList<>(List.of(
                "html lang=en", "head", "meta charset=utf-8", "title", "body", "article class=profile",
                "img alt=… class=avatar src=/static/avatar.png", "h1", "p class=location", "p class=bio",
                "a class=more href=…", "script"));
        if (withWebsite) {
            elements.add(elements.indexOf("a class=more href=…"), "a class=website href=… rel=nofollow ugc");
        }
        return elements;
    }

    private static void assertSameElements(Document doc, Profile profile, String said) {
        var actual = doc.getAllElements().stream()
                .filter(e -> !e.tagName().equals("#root"))
                .map(ProfilePageTest::skeleton)
                .toList();
        var expected = template(actual.contains("a class=website href=… rel=nofollow ugc"));
        var injected = new ArrayList<>(actual);
        expected.forEach(injected::remove);
        assertThat(actual)
                .as("%s: the page must hold the template's elements and attributes and no others; "
                        + "the typed text became %s; %s", said, injected.isEmpty() ? "a change to the template's structure"
                        : "markup: " + injected, TEXT_NOT_MARKUP)
                .containsExactlyElementsOf(expected);
    }

    /** An element as "tag attr=value ...", attributes sorted, a typed value written "…". */
    private static String skeleton(Element e) {
        var out = new StringBuilder(e.tagName());
        e.attributes().asList().stream()
                .map(a -> Map.entry(a.getKey().toLowerCase(Locale.ROOT), typed(e, a.getKey()) ? "…" : a.getValue()))
                .sorted(Map.Entry.comparingByKey())
                .forEach(a -> out.append(' ').append(a.getKey()).append('=').append(a.getValue()));
        return out.toString();
    }

    private static boolean typed(Element e, String attribute) {
        return (e.tagName().equals("img") && attribute.equals("alt"))
                || (e.tagName().equals("a") && attribute.equals("href"));
    }

    private static void assertText(Document doc, String selector, String typed, String said) {
        assertThat(newlines(doc.selectFirst(selector).wholeText()))
                .as("%s: %s must show exactly what was typed; %s", said, selector, TEXT_NOT_MARKUP)
                .isEqualTo(newlines(typed));
    }

    private static void assertWebsiteLink(Document doc, Profile profile, String said) {
        Element link = doc.selectFirst("a.website");
        if (link == null) {
            return;
        }
        String href = link.attr("href");
        assertThat(browserScheme(href))
                .as("%s: the website link %s is followed by the browser as a %s URL; only http and https "
                        + "links may be written (read the scheme with a URL parser, not by the text's first letters)",
                        said, JsTokens.quoted(href), browserScheme(href).isEmpty() ? "relative" : browserScheme(href) + ":")
                .isIn("http", "https");
        assertThat(href)
                .as("%s: the website link must point exactly where the member said; %s", said, TEXT_NOT_MARKUP)
                .isEqualTo(profile.website());
        assertThat(link.wholeText())
                .as("%s: the website link must show the address exactly as typed", said)
                .isEqualTo(profile.website());
    }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):");

    /**
     * The scheme a browser finds in an href (WHATWG URL): leading and trailing C0 controls and
     * spaces dropped, every tab and line break removed, case ignored; "" for a relative URL.
     */
    static String browserScheme(String href) {
        String url = href.replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "").replaceAll("[\\t\\n\\r]", "");
        var m = SCHEME.matcher(url);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
    }

    private static void assertPostsLink(Document doc, Profile profile, String said) {
        String href = doc.selectFirst("a.more").attr("href");
        assertThat(href.indexOf('#'))
                .as("%s: the posts link %s holds a '#': the browser sends nothing after it, so the search "
                        + "gets a name cut short; percent-encode the parameter", said, JsTokens.quoted(href))
                .isNegative();
        int q = href.indexOf('?');
        assertThat(q > 0 ? href.substring(0, q) : href)
                .as("%s: the posts link must lead to /search", said)
                .isEqualTo("/search");
        var parameters = new ArrayList<String>();
        for (var pair : href.substring(q + 1).split("&", -1)) {
            int eq = pair.indexOf('=');
            try {
                parameters.add(decode(eq < 0 ? pair : pair.substring(0, eq)) + "=" + (eq < 0 ? "" : decode(pair.substring(eq + 1))));
            } catch (IllegalArgumentException malformed) {
                parameters.add("<" + pair + ": not valid percent-encoding>");
            }
        }
        assertThat(parameters)
                .as("%s: the posts link %s must send the search exactly author=<the name> and sort=recent; "
                        + "percent-encode the name as one query parameter", said, JsTokens.quoted(href))
                .containsExactly("author=" + profile.name(), "sort=recent");
    }

    private static String decode(String component) {
        return URLDecoder.decode(component, StandardCharsets.UTF_8);
    }

    private static void assertScript(Document doc, Profile profile, String said) {
        String source = doc.selectFirst("script").data();
        var lexed = JsTokens.of(source);
        assertThat(lexed.error())
                .as("%s: the page's script no longer parses as JavaScript: %s; script: %s",
                        said, lexed.error(), JsTokens.quoted(source))
                .isNull();
        var shape = lexed.tokens().stream()
                .map(t -> t.kind() == JsTokens.Kind.STRING ? "string" : t.text())
                .toList();
        assertThat(shape)
                .as("%s: the page's script must be the template's statement and nothing more; the typed text "
                        + "left its string and became code: %s", said, lexed.tokens())
                .containsExactly("var", "profile", "=", "{", "name", ":", "string", ",", "location", ":", "string", "}", ";");
        var strings = lexed.tokens().stream()
                .filter(t -> t.kind() == JsTokens.Kind.STRING)
                .map(JsTokens.Token::text)
                .toList();
        assertThat(strings)
                .as("%s: the script's strings must hold the name and the location exactly as typed; %s",
                        said, TEXT_NOT_MARKUP)
                .containsExactly(profile.name(), profile.location());
    }

    /** HTML parsing turns CR and CRLF into LF before anything else; text is compared after it. */
    private static String newlines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String describe(Profile p) {
        return "{name=%s, location=%s, bio=%s, website=%s}".formatted(
                JsTokens.quoted(p.name()), JsTokens.quoted(p.location()), JsTokens.quoted(p.bio()), JsTokens.quoted(p.website()));
    }
}
