package dev.rampart.kata.xssescaping;

import java.net.URI;
import java.net.URISyntaxException;
import org.owasp.encoder.Encode;

/**
 * Renders a member's public profile page: their name, location, bio and website, a link to
 * their other posts, and the profile object the page's script reads.
 *
 * <p>Nothing is taken out of what the member typed: every value is encoded at the moment it
 * is written, by the encoder of the context it lands in. Text between tags, a quoted attribute,
 * a JavaScript string inside a script element and a query parameter each end on different
 * characters, so each has its own method of the OWASP Java Encoder.
 */
public final class ProfilePage {

    /** The whole HTML page for this profile. */
    public String render(Profile profile) {
        String name = profile.name();
        String location = profile.location();

        var page = new StringBuilder();
        page.append("<!DOCTYPE html>\n")
                .append("<html lang=\"en\">\n")
                .append("<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<title>").append(Encode.forHtml(name)).append(" · Rampart Social</title>\n")
                .append("</head>\n")
                .append("<body>\n")
                .append("<article class=\"profile\">\n")
                // Inside a quoted attribute: the quotes (both kinds) and "&" are encoded, so the
                // value cannot end early or smuggle in an entity.
                .append("<img class=\"avatar\" src=\"/static/avatar.png\" alt=\"")
                .append(Encode.forHtmlAttribute(name)).append("\">\n")
                // Between tags: "<" and "&" can no longer open a tag or a character reference.
                .append("<h1>").append(Encode.forHtml(name)).append("</h1>\n")
                .append("<p class=\"location\">").append(Encode.forHtml(location)).append("</p>\n")
                .append("<p class=\"bio\">").append(Encode.forHtml(profile.bio())).append("</p>\n");
        if (isWebLink(profile.website())) {
            // Encoding cannot make a javascript: URL harmless, so only http(s) links are
            // written at all; the attribute encoder then keeps the URL inside its quotes.
            page.append("<a class=\"website\" href=\"").append(Encode.forHtmlAttribute(profile.website()))
                    .append("\" rel=\"nofollow ugc\">").append(Encode.forHtml(profile.website())).append("</a>\n");
        }
        // A query parameter: percent-encoding keeps "&", "#", "+" and "%" part of the value;
        // its output holds nothing an attribute could misread.
        page.append("<a class=\"more\" href=\"/search?author=").append(Encode.forUriComponent(name))
                .append("&amp;sort=recent\">More posts by ").append(Encode.forHtml(name)).append("</a>\n")
                .append("</article>\n")
                .append("<script>\n")
                // A string literal inside <script>: quotes, backslashes, line breaks and the
                // "<" of a closing </script> all become JavaScript escapes.
                .append("var profile = {name: '").append(Encode.forJavaScript(name))
                .append("', location: '").append(Encode.forJavaScript(location)).append("'};\n")
                .append("</script>\n")
                .append("</body>\n")
                .append("</html>\n");
        return page.toString();
    }

    /** True for an absolute http or https URL, the only links a profile may carry. */
    private static boolean isWebLink(String website) {
        try {
            String scheme = new URI(website).getScheme();
            return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
