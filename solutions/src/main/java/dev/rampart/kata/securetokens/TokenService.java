package dev.rampart.kata.securetokens;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues the two secrets a web application hands its users: password-reset tokens (mailed as a
 * link) and session tokens (kept in a cookie).
 *
 * <p>Thread-safe: one instance serves the whole application.
 */
public final class TokenService {

    /** OWASP's Forgot Password Cheat Sheet: a reset link is good for minutes, not days. */
    static final Duration RESET_LIFETIME = Duration.ofMinutes(15);
    /** An absolute cap: a stolen cookie stops working by the end of the day, whatever happens. */
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    /** 256 bits: far past guessing, and past the 128-bit floor even if a few bits were lost. */
    private static final int TOKEN_BYTES = 32;

    /**
     * The operating system's generator: its output cannot be replayed from earlier output, which
     * java.util.Random's (a 48-bit linear congruential generator) can from two numbers.
     */
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Encoder TEXT = Base64.getEncoder();

    private final Clock clock;
    private final Map<String, Pending> resets = new ConcurrentHashMap<>();
    /** Keyed by the digest's text: an attacker chooses tokens, never the digests a lookup compares. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** Only a digest of each token is kept: a leaked table or heap dump hands out no live token. */
    private record Pending(Digest digest, Instant expires) {
    }

    private record Session(String account, Instant expires) {
    }

    /** A SHA-256 digest, compared in constant time. */
    private record Digest(byte[] bytes) {
        static Digest of(CharSequence token) {
            try {
                // Encoding reads every character, whatever the value: nothing here stops early.
                var utf8 = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
                var sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(utf8);
                return new Digest(sha256.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every Java runtime ships SHA-256", e);
            }
        }

        boolean matches(Digest other) {
            return MessageDigest.isEqual(bytes, other.bytes);
        }

        String text() {
            return TEXT.encodeToString(bytes);
        }
    }

    /** @param clock the time the service goes by */
    public TokenService(Clock clock) {
        this.clock = clock;
    }

    /**
     * Starts a password reset for {@code account}: the returned token goes into the e-mailed
     * link. A new request replaces the previous token.
     */
    public String issueResetToken(String account) {
        var token = newToken();
        resets.put(account, new Pending(Digest.of(token), clock.instant().plus(RESET_LIFETIME)));
        return token;
    }

    /**
     * Whether {@code token}, taken from the reset link, lets its holder choose a new password
     * for {@code account}. A token works once, and only within {@link #RESET_LIFETIME}.
     */
    public boolean redeemResetToken(String account, CharSequence token) {
        var presented = Digest.of(token);
        var pending = resets.get(account);
        if (pending == null || !pending.digest().matches(presented) || !clock.instant().isBefore(pending.expires())) {
            return false;
        }
        // remove(key, value) succeeds for one caller only: two racing redemptions cannot both win.
        return resets.remove(account, pending);
    }

    /** Logs {@code account} in: the returned token goes into the session cookie. */
    public String startSession(String account) {
        var token = newToken();
        sessions.put(Digest.of(token).text(), new Session(account, clock.instant().plus(SESSION_LIFETIME)));
        return token;
    }

    /** The account a session cookie belongs to, if the session is open. */
    public Optional<String> sessionAccount(CharSequence token) {
        var key = Digest.of(token).text();
        var session = sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expires())) {
            sessions.remove(key, session);
            return Optional.empty();
        }
        return Optional.of(session.account());
    }

    /** Logs out: the session token stops working. */
    public void endSession(CharSequence token) {
        sessions.remove(Digest.of(token).text());
    }

    /** 32 random bytes as Base64url without padding: 43 characters that need no escaping in a URL or cookie. */
    private static String newToken() {
        var bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return URL_SAFE.encodeToString(bytes);
    }
}
