package dev.rampart.server.security;

import java.util.Map;

/**
 * The headers every response carries, errors and static files included.
 *
 * <p>The CSP allows scripts and styles from this server only: no inline script, so an HTML
 * injection in a notebook output cannot run code even before the sanitizer sees it.
 */
public final class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            // A notebook's output is learner-controlled HTML: it gets no powerful browser feature.
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()");

    private SecurityHeaders() {
    }
}
