package dev.rampart.server.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request that changes state (or opens a kernel WebSocket) comes from this server's
 * own pages.
 *
 * <p>Browsers send {@code Origin} on every cross-origin request and on same-origin ones that
 * change state; a page elsewhere cannot forge it. So: when {@code Origin} is present it must be
 * exactly {@code http://} + the (already allow-listed) {@code Host}. When it is absent the
 * request did not come from a modern browser's cross-site script, and the other checks (the
 * token or the CSRF header) decide. {@code Sec-Fetch-Site}, when sent, must say the request is
 * same-origin or typed by the user.
 */
public final class OriginPolicy {

    private OriginPolicy() {
    }

    public static boolean allows(Optional<String> origin, Optional<String> fetchSite, String host) {
        if (fetchSite.isPresent() && !fetchSite.get().equals("same-origin") && !fetchSite.get().equals("none")) {
            return false;
        }
        return origin.map(value -> sameOrigin(value, host)).orElse(true);
    }

    private static boolean sameOrigin(String origin, String host) {
        return host != null && origin.toLowerCase(Locale.ROOT).equals("http://" + host.toLowerCase(Locale.ROOT));
    }
}
