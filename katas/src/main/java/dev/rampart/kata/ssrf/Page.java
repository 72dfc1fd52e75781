package dev.rampart.kata.ssrf;

import java.net.URI;

/**
 * What fetching a link gave back.
 *
 * @param uri the address the page was finally read from, after any redirects
 * @param status the HTTP status of the last answer
 * @param contentType its {@code Content-Type}, or an empty string
 * @param body its body, as text
 */
public record Page(URI uri, int status, String contentType, String body) {
}
