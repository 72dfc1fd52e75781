package dev.rampart.server.security;

import java.util.Optional;

/**
 * Turns a presented token into the principal it belongs to. Implementations compare in
 * constant time (or look up by digest), so a wrong guess learns nothing from the timing.
 */
@FunctionalInterface
public interface Credentials {

    /** The principal whose token {@code candidate} is, if any; a one-time token is used up by a match. */
    Optional<Principal> identify(String candidate);

    /** The single-user server's credential: the start-up token belongs to the learner. */
    static Credentials of(AccessToken token, Principal principal) {
        return candidate -> token.matches(candidate) ? Optional.of(principal) : Optional.empty();
    }

    /** Tries this credential, then {@code other}. */
    default Credentials or(Credentials other) {
        return candidate -> identify(candidate).or(() -> other.identify(candidate));
    }
}
