package dev.rampart.kata.securitylogging;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * The security audit logger as production configures it: level INFO and above, written to a file
 * one line per event. It keeps what the code under test logs (message, arguments, the SLF4J 2
 * key-value pairs of the fluent API, the MDC at the time of the call) and renders it the way a
 * plain-text layout with key-values writes the file:
 *
 * <pre>2026-12-07T09:00:00Z WARN security.audit - login failure event="login" outcome="failure" user="alice"</pre>
 *
 * Values are written as the code handed them over, inside double quotes and without any
 * escaping, as logback's {@code %kvp} does: neutralising what an attacker typed is the code's job.
 */
public final class CapturedLog extends LegacyAbstractLogger implements LoggingEventAware {

    static final String NAME = "security.audit";

    /** One call that reached the file: when, how severe, what it said and its fields. */
    public record Record(Instant at, Level level, String message, Map<String, String> fields) {
    }

    private final Clock clock;
    private final List<Record> records = new ArrayList<>();

    public CapturedLog(Clock clock) {
        this.clock = clock;
        this.name = NAME;
    }

    /** What reached the file so far. */
    public synchronized List<Record> records() {
        return List.copyOf(records);
    }

    /** The log file as an operator finds it on disk. */
    public synchronized String file() {
        var out = new StringBuilder();
        for (var r : records) {
            out.append(r.at()).append(' ').append(r.level()).append(' ').append(NAME).append(" - ").append(r.message());
            r.fields().forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
            out.append('\n');
        }
        return out.toString();
    }

    /** The file as a log viewer reads it back. */
    public LogView view() {
        return LogView.of(file());
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        var fields = mdc();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(kv -> fields.put(kv.key, String.valueOf(kv.value)));
        }
        add(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()), fields);
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments, Throwable throwable) {
        if (enabled(level)) {
            add(level, MessageFormatter.basicArrayFormat(message, arguments), mdc());
        }
    }

    private synchronized void add(Level level, String message, Map<String, String> fields) {
        records.add(new Record(clock.instant(), level, message == null ? "" : message, fields));
    }

    private static Map<String, String> mdc() {
        var fields = new LinkedHashMap<String, String>();
        var context = MDC.getCopyOfContextMap();
        if (context != null) {
            fields.putAll(context);
        }
        return fields;
    }

    private static boolean enabled(Level level) {
        return level.toInt() >= Level.INFO.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
