package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a browser would run a response as a script, or apply it as a stylesheet, when a page
 * loads it with {@code <script src>} or {@code <link rel=stylesheet>} — the Fetch standard's
 * two checks: "blocked due to its MIME type" (images, audio, video and CSV never run as script)
 * and "blocked due to nosniff" (with {@code X-Content-Type-Options: nosniff}, only a JavaScript
 * MIME type runs and only {@code text/css} styles). Without nosniff, a {@code text/plain} upload
 * runs as script: same-origin, so {@code script-src 'self'} lets it through.
 */
public final class ScriptLoading {

    /** The JavaScript MIME type essences of the WHATWG MIME Sniffing standard. */
    private static final Set<String> JAVASCRIPT = Set.of("application/ecmascript", "application/javascript",
            "application/x-ecmascript", "application/x-javascript", "text/ecmascript", "text/javascript",
            "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
            "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript",
            "text/x-javascript");

    private ScriptLoading() {
    }

    /** Whether {@code X-Content-Type-Options} says nosniff: its first comma-separated value, case-insensitively. */
    public static boolean nosniff(HttpResponse<?> response) {
        var values = response.headers().allValues("X-Content-Type-Options");
        if (values.isEmpty()) {
            return false;
        }
        var first = String.join(",", values).split(",", -1)[0].strip();
        return first.equalsIgnoreCase("nosniff");
    }

    /** The MIME type essence of {@code Content-Type} ({@code text/plain}), lower-cased; empty when absent. */
    public static Optional<String> essence(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type")
                .map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty());
    }

    /** Whether {@code <script src>} pointing at this response runs it. */
    public static boolean runsAsScript(HttpResponse<?> response) {
        var type = essence(response).orElse("");
        if (type.startsWith("audio/") || type.startsWith("image/") || type.startsWith("video/") || type.equals("text/csv")) {
            return false;
        }
        return !nosniff(response) || JAVASCRIPT.contains(type);
    }

    /** Whether {@code <link rel=stylesheet>} pointing at this response applies it (a same-origin load). */
    public static boolean appliesAsStylesheet(HttpResponse<?> response) {
        return !nosniff(response) || essence(response).orElse("").equals("text/css");
    }
}
