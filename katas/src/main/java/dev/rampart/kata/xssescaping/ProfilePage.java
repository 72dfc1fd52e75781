package dev.rampart.kata.xssescaping;

import java.util.regex.Pattern;

/**
 * Renders a member's public profile page: their name, location, bio and website, a link to
 * their other posts, and the profile object the page's script reads.
 */
public final class ProfilePage {

    private static final Pattern SCRIPT_TAG = Pattern.compile("<\\s*/?\\s*script[^>]*>", Pattern.CASE_INSENSITIVE);

    /** The whole HTML page for this profile. */
    public String render(Profile profile) {
        String name = clean(profile.name());
        String location = clean(profile.location());
        String website = clean(profile.website());

        var page = new StringBuilder();
        page.append("<!DOCTYPE html>\n")
                .append("<html lang=\"en\">\n")
                .append("<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<title>").append(name).append(" · Rampart Social</title>\n")
                .append("</head>\n")
                .append("<body>\n")
                .append("<article class=\"profile\">\n")
                .append("<img class=\"avatar\" src=\"/static/avatar.png\" alt=\"").append(name).append("\">\n")
                .append("<h1>").append(name).append("</h1>\n")
                .append("<p class=\"location\">").append(location).append("</p>\n")
                .append("<p class=\"bio\">").append(clean(profile.bio())).append("</p>\n");
        if (!website.isEmpty()) {
            page.append("<a class=\"website\" href=\"").append(website).append("\" rel=\"nofollow ugc\">")
                    .append(website).append("</a>\n");
        }
        page.append("<a class=\"more\" href=\"/search?author=").append(name.replace(' ', '+'))
                .append("&amp;sort=recent\">More posts by ").append(name).append("</a>\n")
                .append("</article>\n")
                .append("<script>\n")
                .append("var profile = {name: '").append(jsString(name))
                .append("', location: '").append(jsString(location)).append("'};\n")
                .append("</script>\n")
                .append("</body>\n")
                .append("</html>\n");
        return page.toString();
    }

    /** Takes out script tags, so text shows as the member typed it and never runs. */
    private static String clean(String text) {
        return SCRIPT_TAG.matcher(text).replaceAll("");
    }

    /** Escapes the quote that would end the string. */
    private static String jsString(String text) {
        return text.replace("'", "\\'");
    }
}
