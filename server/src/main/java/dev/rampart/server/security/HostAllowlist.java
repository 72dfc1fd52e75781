package dev.rampart.server.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The host names a request may be addressed to: the defence against DNS rebinding.
 *
 * <p>A page on {@code evil.example} can make its own name resolve to 127.0.0.1 and then talk
 * to this server as if same-origin; the one thing it cannot change is the {@code Host} header
 * the browser sends, which still says {@code evil.example}. Only loopback names (and the
 * address given with {@code --ip}) are accepted.
 */
public final class HostAllowlist {

    private static final Pattern HOST_HEADER = Pattern.compile("(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

    private final Set<String> names;

    private HostAllowlist(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** {@code localhost}, {@code 127.0.0.1} and {@code [::1]}. */
    public static HostAllowlist loopback() {
        return new HostAllowlist(Set.of("localhost", "127.0.0.1", "[::1]"));
    }

    /** This list plus one more name or address (IPv6 addresses with or without brackets). */
    public HostAllowlist with(String host) {
        var name = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return new HostAllowlist(Stream.concat(names.stream(), Stream.of(name.toLowerCase(Locale.ROOT)))
                .collect(Collectors.toSet()));
    }

    /** True when the {@code Host} header names an allowed host (any port). */
    public boolean allows(String hostHeader) {
        return hostName(hostHeader).map(names::contains).orElse(false);
    }

    private static Optional<String> hostName(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        var matcher = HOST_HEADER.matcher(hostHeader);
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
