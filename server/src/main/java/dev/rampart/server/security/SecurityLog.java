package dev.rampart.server.security;

import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Security events, one line each: what happened, to whom, where. Never a secret: callers pass
 * the path without its query string (where a token may travel), and every value is stripped of
 * control characters so a crafted path cannot forge log lines.
 */
public final class SecurityLog {

    private static final int MAX_VALUE = 200;

    /** Events that are routine (a sign-in), not a refusal. */
    private static final Set<String> ROUTINE = Set.of("login");

    private final Consumer<String> refusals;
    private final Consumer<String> routine;

    /** Every event to one sink. */
    public SecurityLog(Consumer<String> sink) {
        this(sink, sink);
    }

    /**
     * @param refusals where refusals go (a host, an origin, a failed sign-in …)
     * @param routine  where routine events go (a sign-in)
     */
    public SecurityLog(Consumer<String> refusals, Consumer<String> routine) {
        this.refusals = refusals;
        this.routine = routine;
    }

    /**
     * Logs to the {@code rampart.security} logger: a successful sign-in at INFO (it is routine,
     * and a room of thirty signing in should not look like an attack), every refusal at WARN.
     */
    public static SecurityLog toLogger() {
        var logger = LoggerFactory.getLogger("rampart.security");
        return new SecurityLog(logger::warn, logger::info);
    }

    /**
     * @param event  a fixed event name, e.g. {@code host-refused}
     * @param client the client's address
     * @param method the HTTP method
     * @param path   the request path, without the query string
     * @param detail what the rule saw (a host, an origin), never a token
     */
    public void event(String event, String client, String method, String path, String detail) {
        (ROUTINE.contains(event) ? routine : refusals).accept("security event=" + clean(event) + " client=" + clean(client) + " request=\"" + clean(method)
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
