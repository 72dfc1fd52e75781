package dev.rampart.kata.securitylogging;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user accounts: a password check and the permissions of each user.
 *
 * <p>How to store passwords is kata 7's subject; this store keeps a salted SHA-256 so that the
 * suites of this kata, which try thousands of logins, run in seconds.
 */
public final class Accounts {

    private record Account(byte[] salt, byte[] hash, Set<String> permissions) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    /** Adds a user with a password and the permissions they hold (such as {@code orders:read}). */
    public void add(String username, String password, Set<String> permissions) {
        var salt = new byte[16];
        RANDOM.nextBytes(salt);
        accounts.put(username, new Account(salt, hash(salt, password), Set.copyOf(permissions)));
    }

    /** Whether the user exists and the password is theirs. */
    public boolean checkPassword(String username, String password) {
        var account = accounts.get(username);
        return account != null && password != null
                && MessageDigest.isEqual(account.hash(), hash(account.salt(), password));
    }

    /** Replaces an existing user's password. */
    public void setPassword(String username, String password) {
        var account = accounts.get(username);
        if (account == null) {
            throw new IllegalArgumentException("No account named " + username);
        }
        add(username, password, account.permissions());
    }

    /** The permissions of a user; none for a user who does not exist. */
    public Set<String> permissions(String username) {
        var account = accounts.get(username);
        return account == null ? Set.of() : account.permissions();
    }

    private static byte[] hash(byte[] salt, String password) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(password.getBytes(UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
