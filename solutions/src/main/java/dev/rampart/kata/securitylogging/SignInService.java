package dev.rampart.kata.securitylogging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.translate.AggregateTranslator;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.EntityArrays;
import org.apache.commons.text.translate.JavaUnicodeEscaper;
import org.apache.commons.text.translate.LookupTranslator;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Signs users in, checks what they may do and changes their passwords, and writes what happens
 * to the security audit log, one line per event, as {@code key=value} fields the operations team
 * searches and alerts on: {@code event} (login, access, password_change, lockout), {@code outcome},
 * {@code user}, {@code source} (the client's address, from {@code X-Forwarded-For}), and what else
 * helps an investigation, such as the request's parameters.
 *
 * <p>After {@value #MAX_FAILURES} failed logins in a row an account is locked for
 * {@link #LOCKOUT}.
 */
public final class SignInService {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);
    /** Failed logins logged one by one per source and window; the rest are counted in one summary event. */
    static final int FAILURES_LOGGED_PER_SOURCE = 20;
    static final Duration LOG_WINDOW = Duration.ofMinutes(1);

    /*
     * Every value an attacker can choose goes through ESCAPE before it reaches the log: the line
     * ends a viewer honours (CR, LF, VT, FF, NEL, U+2028, U+2029), every other C0 and C1 control
     * character (ESC starts the terminal sequences) and DEL become Java escapes, and so do the
     * backslash and the double quote, so a value can neither end its line nor its quoted field.
     * Nothing else is touched: Zoë and 山田 stay readable. (Commons Text's escapeJava and the OWASP
     * Encoder's forJava escape every non-ASCII character as well, so names become \u00eb.)
     */
    private static final CharSequenceTranslator ESCAPE = new AggregateTranslator(
            new LookupTranslator(Map.<CharSequence, CharSequence>of("\\", "\\\\", "\"", "\\\"")),
            new LookupTranslator(EntityArrays.JAVA_CTRL_CHARS_ESCAPE),
            JavaUnicodeEscaper.between(0x00, 0x1f),
            JavaUnicodeEscaper.between(0x7f, 0x9f),
            JavaUnicodeEscaper.between(0x2028, 0x2029));

    /** Field names whose values are secrets, compared lower-cased and without - _ . and spaces. */
    private static final Set<String> SECRET_NAMES = Set.of("pwd", "pass", "pin", "otp", "cvv", "cvc", "cookie", "authorization");
    private static final Pattern SECRET_PARTS = Pattern.compile("password|passwd|passphrase|secret|token|apikey|credential|session");
    /** 13 to 19 digits, optionally split by spaces or dashes: the shape of a card number (checked with Luhn). */
    private static final Pattern CARD = Pattern.compile("(?<!\\d)\\d(?:[ -]?\\d){12,18}(?!\\d)");
    private static final String REDACTED = "[redacted]";

    private final Accounts accounts;
    private final Logger log;
    private final Clock clock;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();

    /** Failed logins of one source in one window: how many were logged and how many only counted. */
    private record Window(Instant start, int logged, int suppressed) {
    }

    /**
     * @param log the security audit logger ({@code LoggerFactory.getLogger("security.audit")} in production)
     */
    public SignInService(Accounts accounts, Logger log, Clock clock) {
        this.accounts = accounts;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Signs a user in with the parameters of the login form ({@code username}, {@code password}, and
     * whatever else the client sends). Returns whether the user is now signed in.
     */
    public synchronized boolean signIn(String source, Map<String, ?> request) {
        var now = clock.instant();
        summarizeEndedWindows(now);
        var username = String.valueOf(request.get("username"));
        var password = request.get("password") == null ? null : String.valueOf(request.get("password"));
        var until = lockedUntil.get(username);
        if (until != null && now.isBefore(until)) {
            failure(now, source, username, request, "locked");
            return false;
        }
        if (accounts.checkPassword(username, password)) {
            failures.remove(username);
            event(Level.INFO, "login", "success", source, username).addKeyValue("request", safe(request)).log();
            return true;
        }
        failure(now, source, username, request, "bad_credentials");
        int count = failures.merge(username, 1, Integer::sum);
        if (count >= MAX_FAILURES) {
            failures.remove(username);
            lockedUntil.put(username, now.plus(LOCKOUT));
            // Once per lock, never rate limited: a lockout is what the alert is for.
            event(Level.WARN, "lockout", "locked", source, username).addKeyValue("until", now.plus(LOCKOUT)).log();
        }
        return false;
    }

    /**
     * Whether a user holds a permission (such as {@code payments:create}) for a request; the
     * request's parameters go to the log with the decision.
     */
    public synchronized boolean authorize(String source, String username, String permission, Map<String, ?> request) {
        summarizeEndedWindows(clock.instant());
        boolean granted = accounts.permissions(username).contains(permission);
        event(granted ? Level.INFO : Level.WARN, "access", granted ? "granted" : "denied", source, username)
                .addKeyValue("permission", clean(permission))
                .addKeyValue("request", safe(request))
                .log();
        return granted;
    }

    /** Replaces a user's password if the current one is right. Returns whether it was changed. */
    public synchronized boolean changePassword(String source, PasswordChange change) {
        summarizeEndedWindows(clock.instant());
        // The change holds both passwords, and its toString shows them: log who and what happened, never the object.
        if (!accounts.checkPassword(change.username(), change.currentPassword())) {
            event(Level.WARN, "password_change", "failure", source, change.username()).log();
            return false;
        }
        accounts.setPassword(change.username(), change.newPassword());
        event(Level.INFO, "password_change", "success", source, change.username()).log();
        return true;
    }

    /** A failed login, logged unless its source has used up this window's share; then only counted. */
    private void failure(Instant now, String source, String username, Map<String, ?> request, String reason) {
        var window = windows.get(source);
        if (window == null) {
            window = new Window(now, 0, 0);
        }
        if (window.logged() < FAILURES_LOGGED_PER_SOURCE) {
            windows.put(source, new Window(window.start(), window.logged() + 1, window.suppressed()));
            event(Level.WARN, "login", "failure", source, username)
                    .addKeyValue("reason", reason)
                    .addKeyValue("request", safe(request))
                    .log();
        } else {
            windows.put(source, new Window(window.start(), window.logged(), window.suppressed() + 1));
        }
    }

    /** Ends the windows that are over, with one event saying how many failures each only counted. */
    private void summarizeEndedWindows(Instant now) {
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            var window = entry.getValue();
            if (!now.isBefore(window.start().plus(LOG_WINDOW))) {
                if (window.suppressed() > 0) {
                    log.atWarn().setMessage("login failures suppressed")
                            .addKeyValue("event", "login")
                            .addKeyValue("outcome", "suppressed")
                            .addKeyValue("source", clean(entry.getKey()))
                            .addKeyValue("count", window.suppressed())
                            .log();
                }
                it.remove();
            }
        }
    }

    /** The fields every event has; the message is a constant, what varies goes in escaped fields. */
    private LoggingEventBuilder event(Level level, String event, String outcome, String source, String user) {
        return log.atLevel(level).setMessage(event + " " + outcome)
                .addKeyValue("event", event)
                .addKeyValue("outcome", outcome)
                .addKeyValue("user", clean(user))
                .addKeyValue("source", clean(source));
    }

    static String clean(String value) {
        return ESCAPE.translate(String.valueOf(value));
    }

    /** The request as the log may show it: secrets by field name redacted, card numbers masked, escaped. */
    private static String safe(Map<String, ?> request) {
        return clean(String.valueOf(redact(request)));
    }

    private static Object redact(Object value) {
        if (value instanceof Map<?, ?> map) {
            var out = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> out.put(String.valueOf(k), isSecret(String.valueOf(k)) ? REDACTED : redact(v)));
            return out;
        }
        if (value instanceof Collection<?> values) {
            var out = new ArrayList<Object>();
            values.forEach(v -> out.add(redact(v)));
            return out;
        }
        return maskCards(String.valueOf(value));
    }

    private static boolean isSecret(String name) {
        var key = name.toLowerCase(Locale.ROOT).replaceAll("[-_. ]", "");
        return SECRET_NAMES.contains(key) || SECRET_PARTS.matcher(key).find();
    }

    /** Masks every card number in a text but its last four digits, keeping its spaces and dashes. */
    private static String maskCards(String text) {
        Matcher m = CARD.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var found = m.group();
            var digits = found.replaceAll("\\D", "");
            var masked = found;
            if (luhn(digits)) {
                var chars = found.toCharArray();
                int toMask = digits.length() - 4;
                for (int i = 0; i < chars.length && toMask > 0; i++) {
                    if (Character.isDigit(chars[i])) {
                        chars[i] = '*';
                        toMask--;
                    }
                }
                masked = new String(chars);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(masked));
        }
        return m.appendTail(out).toString();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
