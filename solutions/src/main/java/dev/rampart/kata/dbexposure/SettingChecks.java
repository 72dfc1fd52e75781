package dev.rampart.kata.dbexposure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code postgresql.conf} checks, on values read from a file or from a running server.
 * Values are read the way the server reads them: booleans in any case and by any unambiguous
 * prefix ({@code of}, {@code f}, {@code n}), enums in any case, durations with units and
 * fractions rounded to the parameter's unit.
 */
final class SettingChecks {

    /** What {@code listen_addresses} means by "every interface". */
    private static final Set<String> ALL_INTERFACES = Set.of("*", "0.0.0.0", "::");
    private static final Set<String> LOOPBACK = Set.of("localhost", "::1");
    private static final Set<String> LOGGING_STATEMENTS = Set.of("ddl", "mod", "all");
    private static final Pattern DURATION = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([a-zA-Z]*)");

    /** Milliseconds per unit accepted by a time parameter whose unit is milliseconds. */
    private static final Map<String, BigDecimal> MS_PER_UNIT = Map.of(
            "us", new BigDecimal("0.001"), "ms", BigDecimal.ONE, "s", BigDecimal.valueOf(1000),
            "min", BigDecimal.valueOf(60_000), "h", BigDecimal.valueOf(3_600_000), "d", BigDecimal.valueOf(86_400_000));

    private SettingChecks() {
    }

    /** A value and where it came from. */
    record Value(String value, String where) {
    }

    /** The checks of the server as a whole: where it listens and whether it speaks TLS there, then the per-session ones. */
    static List<Finding> server(Map<String, Value> settings) {
        var findings = new ArrayList<Finding>();
        var listen = Optional.ofNullable(settings.get("listen_addresses")).orElse(new Value("localhost", "the default"));
        var addresses = List.of(listen.value().split(",")).stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
        if (addresses.stream().anyMatch(ALL_INTERFACES::contains)) {
            findings.add(new Finding(Check.LISTENS_ON_ALL_INTERFACES, listen.where(), "listen_addresses = '" + listen.value() + "'"));
        }
        var onNetwork = addresses.stream().anyMatch(a -> !LOOPBACK.contains(a.toLowerCase(Locale.ROOT)) && !a.startsWith("127."));
        var ssl = Optional.ofNullable(settings.get("ssl"));
        if (onNetwork && !ssl.map(v -> bool(v.value())).orElse(false)) {
            findings.add(new Finding(Check.NO_SSL_ON_THE_NETWORK, ssl.map(Value::where).orElse(listen.where()),
                    "ssl = " + ssl.map(Value::value).orElse("off (the default)") + " while listen_addresses = '" + listen.value() + "'"));
        }
        settings.forEach((name, value) -> findings.addAll(session(name, value)));
        return findings;
    }

    /** The checks of a setting that may differ per role or database: how passwords are stored, what is logged. */
    static List<Finding> session(String name, Value value) {
        var v = value.value().strip();
        var detail = name + " = '" + value.value() + "'";
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "password_encryption" -> v.equalsIgnoreCase("md5")
                    ? List.of(new Finding(Check.MD5_PASSWORD_STORAGE, value.where(), detail)) : List.of();
            case "log_statement" -> LOGGING_STATEMENTS.contains(v.toLowerCase(Locale.ROOT))
                    ? List.of(new Finding(Check.STATEMENTS_LOGGED, value.where(), detail)) : List.of();
            // 0 logs every statement with its text; a positive threshold logs only the slow ones.
            case "log_min_duration_statement" -> milliseconds(v).filter(ms -> ms == 0).isPresent()
                    ? List.of(new Finding(Check.STATEMENTS_LOGGED, value.where(), detail)) : List.of();
            default -> List.of();
        };
    }

    /** The words of a boolean setting, and what each means. */
    private static final Map<String, Boolean> BOOLEANS = Map.of(
            "on", true, "true", true, "yes", true, "1", true, "off", false, "false", false, "no", false, "0", false);

    /**
     * A boolean the way the server parses one: on, off, true, false, yes, no, 1, 0, in any case,
     * or any prefix that only one of them has ("of" is off, "o" could be on or off). Anything
     * else the server refuses.
     */
    static boolean bool(String text) {
        var v = text.strip().toLowerCase(Locale.ROOT);
        var named = BOOLEANS.entrySet().stream().filter(word -> word.getKey().startsWith(v)).toList();
        if (named.size() != 1) {
            throw new IllegalArgumentException("'" + text + "' is not a boolean PostgreSQL accepts");
        }
        return named.get(0).getValue();
    }

    /** A duration in milliseconds (the unit when none is given), rounded as the server rounds it. */
    static Optional<Long> milliseconds(String text) {
        var v = text.strip();
        if (v.regionMatches(true, 0, "0x", 0, 2)) {
            return Optional.of(Long.parseLong(v.substring(2), 16));
        }
        var m = DURATION.matcher(v);
        if (!m.matches()) {
            return Optional.empty();
        }
        var unit = m.group(2).isEmpty() ? "ms" : m.group(2);
        var perUnit = MS_PER_UNIT.get(unit);
        if (perUnit == null) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(m.group(1)).multiply(perUnit).setScale(0, RoundingMode.HALF_EVEN).longValue());
    }
}
