package dev.rampart.server.security;

import java.security.SecureRandom;

/**
 * The secret printed in the start-up URL: whoever holds it may run code on this machine.
 *
 * <p>256 bits from {@link SecureRandom}, compared in constant time. {@link #toString()} never
 * shows it, so a stray log line or exception message cannot leak it; {@link #reveal()} is for
 * the one place that must print it, the start-up banner.
 */
public final class AccessToken {

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    public static AccessToken generate(SecureRandom random) {
        return new AccessToken(RandomTokens.next(random));
    }

    /** True when {@code candidate} is this token; the time taken does not depend on how much of it matched. */
    public boolean matches(String candidate) {
        return ConstantTime.equal(value, candidate);
    }

    /** The token itself. Only for the start-up URL: never log it or put it in a response. */
    public String reveal() {
        return value;
    }

    /** Bits of entropy in the token. */
    public int bits() {
        return RandomTokens.BYTES * 8;
    }

    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
