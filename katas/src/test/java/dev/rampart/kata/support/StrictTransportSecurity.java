package dev.rampart.kata.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;

/**
 * The HSTS policy a browser takes from a response, per RFC 6797: only the first
 * {@code Strict-Transport-Security} header counts (§8.1); its directives are separated by
 * {@code ;}, names are case-insensitive, values are tokens or quoted strings (§6.1); a header
 * with a directive twice, without {@code max-age}, or with a {@code max-age} that is not a
 * number is invalid and ignored whole (§6.1, §8.1). A browser also ignores the header when it
 * arrived over plain HTTP (§8.1): {@link #onPlainHttp} tells a test that it was sent there anyway.
 *
 * @param maxAge            how long the browser goes straight to HTTPS
 * @param includeSubDomains whether every subdomain is covered too
 * @param preload           whether the site asks to be built into browsers' preload lists
 */
public record StrictTransportSecurity(Duration maxAge, boolean includeSubDomains, boolean preload) {

    /** The floor of the OWASP HSTS cheat sheet and of the browsers' preload list: one year. */
    public static final Duration ONE_YEAR = Duration.ofSeconds(31_536_000);

    /** The policy in {@code response}'s first HSTS header, if it is valid. */
    public static Optional<StrictTransportSecurity> of(HttpResponse<?> response) {
        return response.headers().firstValue("Strict-Transport-Security").flatMap(StrictTransportSecurity::parse);
    }

    /** Whether a response that came over plain HTTP carries the header at all (RFC 6797 §7.2: it must not). */
    public static boolean onPlainHttp(HttpResponse<?> response) {
        return response.headers().firstValue("Strict-Transport-Security").isPresent();
    }

    /** Parses one header value; empty when a browser would ignore it. */
    public static Optional<StrictTransportSecurity> parse(String value) {
        var seen = new HashSet<String>();
        Long maxAge = null;
        var subDomains = false;
        var preload = false;
        for (var directive : value.split(";", -1)) {
            var text = directive.strip();
            if (text.isEmpty()) {
                continue;
            }
            var eq = text.indexOf('=');
            var name = (eq < 0 ? text : text.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            var argument = eq < 0 ? Optional.<String>empty() : Optional.of(unquote(text.substring(eq + 1).strip()));
            if (!seen.add(name)) {
                return Optional.empty();
            }
            switch (name) {
                case "max-age" -> {
                    if (argument.isEmpty() || !argument.get().matches("[0-9]+")) {
                        return Optional.empty();
                    }
                    maxAge = argument.get().length() > 12 ? Long.MAX_VALUE / 1000 : Long.parseLong(argument.get());
                }
                case "includesubdomains" -> subDomains = true;
                case "preload" -> preload = true;
                default -> {
                    // unknown directives are ignored (§6.1)
                }
            }
        }
        return maxAge == null ? Optional.empty()
                : Optional.of(new StrictTransportSecurity(Duration.ofSeconds(maxAge), subDomains, preload));
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1")
                : value;
    }
}
