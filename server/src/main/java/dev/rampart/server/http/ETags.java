package dev.rampart.server.http;

import io.javalin.http.Context;
import java.util.Optional;

/** Versions on the wire: sent as a strong ETag, expected back in If-Match. */
final class ETags {

    private ETags() {
    }

    static void tag(Context ctx, String version) {
        ctx.header("ETag", "\"" + version + "\"");
    }

    /** The version in If-Match (quotes and a weak prefix tolerated), if any. */
    static Optional<String> ifMatch(Context ctx) {
        var header = ctx.header("If-Match");
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        var value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return Optional.of(value);
    }
}
