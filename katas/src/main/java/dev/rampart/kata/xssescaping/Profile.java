package dev.rampart.kata.xssescaping;

import java.util.Objects;

/**
 * What a member wrote about themselves on the settings page, exactly as they typed it.
 *
 * @param name     display name, shown as the page's title and heading, as the avatar's text, in
 *                 the "more posts" link and in the page's script
 * @param location where they are, shown under the heading and in the page's script
 * @param bio      a few sentences about them
 * @param website  their own site, linked from the profile; empty when they gave none
 */
public record Profile(String name, String location, String bio, String website) {

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(bio, "bio");
        Objects.requireNonNull(website, "website");
    }
}
