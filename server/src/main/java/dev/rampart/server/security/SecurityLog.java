package dev.rampart.server.security;

import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Security events, one line each: what happened, to whom, where. Never a secret: callers pass
 * the path without its query string (where a token may travel), and every value is stripped of
 * control characters so a crafted path cannot forge log lines.
 */
public final class SecurityLog {

    private static final int MAX_VALUE = 200;

    private final Consumer<String> sink;

    public SecurityLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /**
     * Logs to the {@code rampart.security} logger: a successful sign-in at INFO (it is routine,
     * and a room of thirty signing in should not look like an attack), every refusal at WARN.
     */
    public static SecurityLog toLogger() {
        var logger = LoggerFactory.getLogger("rampart.security");
        return new SecurityLog(line -> {
            if (line.startsWith("security event=login ")) {
                logger.info(line);
            } else {
                logger.warn(line);
            }
        });
    }

    /**
     * @param event  a fixed event name, e.g. {@code host-refused}
     * @param client the client's address
     * @param method the HTTP method
     * @param path   the request path, without the query string
     * @param detail what the rule saw (a host, an origin), never a token
     */
    public void event(String event, String client, String method, String path, String detail) {
        sink.accept("security event=" + clean(event) + " client=" + clean(client) + " request=\"" + clean(method)
                + " " + clean(path) + "\" detail=\"" + clean(detail) + "\"");
    }

    /** {@code value} without control characters or quotes, cut to a sane length: safe inside one log line. */
    public static String clean(String value) {
        if (value == null) {
            return "-";
        }
        var out = new StringBuilder(Math.min(value.length(), MAX_VALUE));
        value.codePoints().limit(MAX_VALUE).forEach(c -> out.appendCodePoint(
                Character.isISOControl(c) || c == '"' ? '_' : c));
        return out.toString();
    }
}
