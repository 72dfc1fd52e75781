package dev.rampart.server.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in browsers. The cookie holds a random session id, never the access token, so a
 * leaked cookie dies with the server and the token in the terminal stays the only master key.
 *
 * <p>Ids are stored by their SHA-256, so a lookup's timing says nothing about the ids held.
 * Thread-safe; at most {@code capacity} sessions are kept (the oldest goes first).
 */
public final class Sessions {

    private final SecureRandom random;
    private final Clock clock;
    private final Duration lifetime;
    private final int capacity;
    private final Map<String, Session> byDigest = new LinkedHashMap<>();

    public Sessions(SecureRandom random, Clock clock, Duration lifetime, int capacity) {
        this.random = random;
        this.clock = clock;
        this.lifetime = lifetime;
        this.capacity = capacity;
    }

    /** A session of the single-user server's learner. */
    public Session open() {
        return open(Principal.LEARNER);
    }

    public synchronized Session open(Principal principal) {
        var session = new Session(RandomTokens.next(random), RandomTokens.next(random), clock.instant().plus(lifetime), principal);
        byDigest.put(digest(session.id()), session);
        while (byDigest.size() > capacity) {
            var oldest = byDigest.keySet().iterator().next();
            byDigest.remove(oldest);
        }
        return session;
    }

    /** The live session whose id is {@code cookieValue}, if any. */
    public synchronized Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        var key = digest(cookieValue);
        var session = byDigest.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expires())) {
            byDigest.remove(key);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Ends every session of {@code principal} (a participant removed, a candidate's time up). */
    public synchronized void closeAll(Principal principal) {
        byDigest.values().removeIf(session -> session.principal().equals(principal));
    }

    public synchronized void close(String cookieValue) {
        if (cookieValue != null) {
            byDigest.remove(digest(cookieValue));
        }
    }

    private static String digest(String id) {
        return HexFormat.of().formatHex(ConstantTime.sha256(id));
    }
}
