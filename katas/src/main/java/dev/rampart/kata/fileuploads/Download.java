package dev.rampart.kata.fileuploads;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A file on its way back to a browser: the response headers and the body.
 *
 * @param headers response headers, one value each
 * @param body    the file's bytes
 */
public record Download(Map<String, String> headers, byte[] body) {

    public Download {
        headers = Map.copyOf(headers);
    }

    /** A header's value; header names are matched regardless of case, as HTTP does. */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
