package dev.rampart.server.security;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Many tokens, each naming its principal: a dojo's participant links, an interview's candidate
 * link. Tokens are 256 random bits ({@link RandomTokens}) and are kept by their SHA-256, as
 * {@link Sessions} keeps session ids, so a lookup's timing says nothing about the tokens held
 * and a heap dump of the book alone gives no link. A one-time token is removed by its first
 * match. Thread-safe.
 */
public final class TokenBook implements Credentials {

    private record Entry(Principal principal, boolean once) {
    }

    private final SecureRandom random;
    private final Map<String, Entry> byDigest = new HashMap<>();

    public TokenBook(SecureRandom random) {
        this.random = random;
    }

    /** A fresh token for {@code principal}; the caller hands it out (and may store it to survive a restart). */
    public String issue(Principal principal) {
        var token = RandomTokens.next(random);
        add(token, principal, false);
        return token;
    }

    /** A fresh token that works once: the first sign-in uses it up. */
    public String issueOnce(Principal principal) {
        var token = RandomTokens.next(random);
        add(token, principal, true);
        return token;
    }

    /** Puts back a token issued before a restart. */
    public synchronized void add(String token, Principal principal, boolean once) {
        if (token == null || token.length() < RandomTokens.BYTES) {
            throw new IllegalArgumentException("A token must be at least " + RandomTokens.BYTES + " characters of random data");
        }
        byDigest.put(digest(token), new Entry(principal, once));
    }

    /** Takes every token of {@code principal} out of the book. */
    public synchronized void revoke(Principal principal) {
        byDigest.values().removeIf(entry -> entry.principal().equals(principal));
    }

    @Override
    public synchronized Optional<Principal> identify(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return Optional.empty();
        }
        var key = digest(candidate);
        var entry = byDigest.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.once()) {
            byDigest.remove(key);
        }
        return Optional.of(entry.principal());
    }

    private static String digest(String token) {
        return HexFormat.of().formatHex(ConstantTime.sha256(token));
    }
}
