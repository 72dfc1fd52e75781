package dev.rampart.kata.htmlsanitizing;

import java.util.regex.Pattern;

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

    /** Elements that run code or pull in other documents, with everything between their tags. */
    private static final Pattern ACTIVE_ELEMENTS = Pattern.compile(
            "<(script|style|iframe|object|embed|applet)\\b[^>]*>.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** onclick="...", onload='...', onerror=... */
    private static final Pattern EVENT_HANDLERS = Pattern.compile(
            "\\s+on\\w+\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)",
            Pattern.CASE_INSENSITIVE);

    /** href="javascript:..." and src="javascript:..." */
    private static final Pattern SCRIPT_URLS = Pattern.compile(
            "\\b(href|src)\\s*=\\s*([\"']?)\\s*javascript:",
            Pattern.CASE_INSENSITIVE);

    /**
     * Removes what could run in a reader's browser and keeps the formatting.
     *
     * @param html what the user wrote
     * @return HTML that is safe to put in the page
     */
    public String sanitize(String html) {
        String clean = ACTIVE_ELEMENTS.matcher(html).replaceAll("");
        clean = EVENT_HANDLERS.matcher(clean).replaceAll("");
        clean = SCRIPT_URLS.matcher(clean).replaceAll("$1=$2#");
        return clean;
    }
}
