package dev.rampart.server.security;

import java.time.Instant;

/**
 * A browser that proved it holds the token.
 *
 * @param id        the value of the HttpOnly session cookie
 * @param csrfToken the value the browser's scripts must echo in a header on every state-changing request
 * @param expires   when the session stops being accepted
 * @param principal whose session it is
 */
public record Session(String id, String csrfToken, Instant expires, Principal principal) {

    /** True when {@code candidate} is this session's CSRF token (constant time). */
    public boolean csrfMatches(String candidate) {
        return ConstantTime.equal(csrfToken, candidate);
    }

    @Override
    public String toString() {
        return "Session[" + principal + ", expires=" + expires + "]";
    }
}
