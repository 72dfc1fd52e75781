package dev.rampart.server.security;

import java.security.SecureRandom;
import java.util.Base64;

/** URL-safe random strings from a {@link SecureRandom}: tokens, session ids, CSRF tokens. */
final class RandomTokens {

    /** 256 bits: twice the 128-bit floor, so no brute force is ever in reach. */
    static final int BYTES = 32;

    private RandomTokens() {
    }

    static String next(SecureRandom random) {
        var bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
