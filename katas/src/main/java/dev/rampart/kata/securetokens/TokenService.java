package dev.rampart.kata.securetokens;

import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues the two secrets a web application hands its users: password-reset tokens (mailed as a
 * link) and session tokens (kept in a cookie).
 *
 * <p>Thread-safe: one instance serves the whole application.
 */
public final class TokenService {

    private final Clock clock;
    private final Random random = new Random();
    private final Map<String, String> resetTokens = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

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
        resetTokens.put(account, token);
        return token;
    }

    /**
     * Whether {@code token}, taken from the reset link, lets its holder choose a new password
     * for {@code account}.
     */
    public boolean redeemResetToken(String account, CharSequence token) {
        var expected = resetTokens.get(account);
        return expected != null && expected.contentEquals(token);
    }

    /** Logs {@code account} in: the returned token goes into the session cookie. */
    public String startSession(String account) {
        var token = newToken();
        sessions.put(token, account);
        return token;
    }

    /** The account a session cookie belongs to, if the session is open. */
    public Optional<String> sessionAccount(CharSequence token) {
        return Optional.ofNullable(sessions.get(token.toString()));
    }

    /** Logs out: the session token stops working. */
    public void endSession(CharSequence token) {
        sessions.remove(token.toString());
    }

    private String newToken() {
        var bytes = new byte[12];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
