package dev.rampart.kata.htmlsanitizing;

import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Cleans the HTML users write in comments and profile bios before it is stored and shown to
 * other readers.
 *
 * <p>Readers may format their text: bold and italics ({@code b}, {@code i}, {@code strong},
 * {@code em}), paragraphs and line breaks ({@code p}, {@code br}), lists ({@code ul}, {@code ol},
 * {@code li}), code ({@code code}, {@code pre}), quotes ({@code blockquote}), and links
 * ({@code a href}) to web pages and e-mail addresses.
 */
public final class CommentSanitizer {

    /*
     * An allowlist, not a blocklist: the OWASP Java HTML Sanitizer parses the input the way a
     * browser's tokenizer does, keeps only the elements and attributes named here, and writes a
     * fresh, fully quoted and escaped document. Anything it does not know (handlers, style,
     * svg, math, forms, frames) is dropped, so no spelling trick can smuggle it through.
     */
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("b", "i", "strong", "em", "p", "br", "ul", "ol", "li", "code", "pre", "blockquote", "a")
            // A URL is kept only when, once decoded, its scheme is one of these (or it has none: a
            // relative link). javascript:, data: and vbscript: are dropped however they are spelled.
            .allowUrlProtocols("http", "https", "mailto")
            .allowAttributes("href").onElements("a")
            // Search engines give no credit to links readers add: spam in comments stops paying.
            .requireRelNofollowOnLinks()
            .toFactory();

    /**
     * Removes what could run in a reader's browser and keeps the formatting.
     *
     * @param html what the user wrote
     * @return HTML that is safe to put in the page
     */
    public String sanitize(String html) {
        return POLICY.sanitize(html);
    }
}
