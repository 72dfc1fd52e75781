package dev.rampart.kata.securitylogging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Signs users in, checks what they may do and changes their passwords, and writes what happens
 * to the security audit log, one line per event, as {@code key=value} fields the operations team
 * searches and alerts on: {@code event} (login, access, password_change, lockout), {@code outcome},
 * {@code user}, {@code source} (the client's address, from {@code X-Forwarded-For}), and what else
 * helps an investigation, such as the request's parameters.
 *
 * <p>After {@value #MAX_FAILURES} failed logins in a row an account is locked for
 * {@link #LOCKOUT}.
 */
public final class SignInService {

    static final int MAX_FAILURES = 5;
    static final Duration LOCKOUT = Duration.ofMinutes(15);

    private final Accounts accounts;
    private final Logger log;
    private final Clock clock;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Instant> lockedUntil = new HashMap<>();

    /**
     * @param log the security audit logger ({@code LoggerFactory.getLogger("security.audit")} in production)
     */
    public SignInService(Accounts accounts, Logger log, Clock clock) {
        this.accounts = accounts;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Signs a user in with the parameters of the login form ({@code username}, {@code password}, and
     * whatever else the client sends). Returns whether the user is now signed in.
     */
    public synchronized boolean signIn(String source, Map<String, ?> request) {
        var username = String.valueOf(request.get("username"));
        var password = request.get("password") == null ? null : String.valueOf(request.get("password"));
        var now = clock.instant();
        var until = lockedUntil.get(username);
        if (until != null && now.isBefore(until)) {
            log.warn("event=login outcome=failure reason=locked user=" + username + " source=" + source
                    + " request=" + request);
            return false;
        }
        if (accounts.checkPassword(username, password)) {
            failures.remove(username);
            log.info("event=login outcome=success user=" + username + " source=" + source + " request=" + request);
            return true;
        }
        int count = failures.merge(username, 1, Integer::sum);
        if (count >= MAX_FAILURES) {
            failures.remove(username);
            lockedUntil.put(username, now.plus(LOCKOUT));
        }
        log.warn("event=login outcome=failure user=" + username + " source=" + source + " request=" + request);
        return false;
    }

    /**
     * Whether a user holds a permission (such as {@code payments:create}) for a request; the
     * request's parameters go to the log with the decision.
     */
    public synchronized boolean authorize(String source, String username, String permission, Map<String, ?> request) {
        if (accounts.permissions(username).contains(permission)) {
            log.info("event=access outcome=granted user=" + username + " permission=" + permission
                    + " source=" + source + " request=" + request);
            return true;
        }
        return false;
    }

    /** Replaces a user's password if the current one is right. Returns whether it was changed. */
    public synchronized boolean changePassword(String source, PasswordChange change) {
        if (!accounts.checkPassword(change.username(), change.currentPassword())) {
            log.warn("event=password_change outcome=failure user=" + change.username() + " source=" + source
                    + " change=" + change);
            return false;
        }
        accounts.setPassword(change.username(), change.newPassword());
        log.info("event=password_change outcome=success user=" + change.username() + " source=" + source
                + " change=" + change);
        return true;
    }
}
