package dev.rampart.kata.securetokens;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Where a token's randomness comes from, seen from inside {@link SecureRandom}: a security
 * provider put first while the suite runs, so it serves every {@code SecureRandom} the code asks
 * for ({@code new SecureRandom()}, {@code getInstance("DRBG")}, {@code "NativePRNG"},
 * {@code "SHA1PRNG"}, {@code getInstanceStrong()}). It hands out the JDK's own output, except on a
 * thread that {@linkplain #hold() holds} it: there every call gets the same bytes.
 *
 * <p>A service whose every random byte comes from {@code SecureRandom} then issues the same token
 * twice. One whose tokens still differ took randomness somewhere else: {@code java.util.Random},
 * {@code ThreadLocalRandom}, {@code SplittableRandom}, {@code Math.random()}, the clock, a counter,
 * each of them worked out from a few outputs or a guess at the time. The class of generator is
 * judged, not one algorithm: no predictor per PRNG is needed.
 *
 * <p>A {@code SHA1PRNG} that its caller seeds before asking it for anything uses that seed alone,
 * in the JDK as here: held or not, it gives what the seed dictates, so seeding it with the time
 * shows up as tokens that change. {@code UUID.randomUUID()} draws from a generator the JDK made
 * before this provider was installed, so UUIDs count as another source too, as RFC 4122
 * (section 6) would have it: UUIDs are not to be assumed hard to guess or used as secrets.
 */
final class HeldSecureRandom {

    static final String PROVIDER = "RampartHeldSecureRandom";
    /** NativePRNG first: the default {@code new SecureRandom()} takes on Linux and macOS. */
    private static final List<String> ALGORITHMS = List.of(
            "NativePRNG", "DRBG", "SHA1PRNG", "NativePRNGBlocking", "NativePRNGNonBlocking", "Windows-PRNG");
    private static final String STRONG = "securerandom.strongAlgorithms";
    private static final ThreadLocal<Boolean> HELD = ThreadLocal.withInitial(() -> false);

    private HeldSecureRandom() {
    }

    /** Puts the provider first until the returned handle is closed. */
    static AutoCloseable install() {
        UUID.randomUUID(); // settles which generator UUIDs use, whatever ran before: the JDK's own
        var strong = Security.getProperty(STRONG);
        Security.insertProviderAt(new HeldProvider(), 1);
        Security.setProperty(STRONG, "NativePRNGBlocking:" + PROVIDER);
        return () -> {
            Security.removeProvider(PROVIDER);
            Security.setProperty(STRONG, strong);
        };
    }

    /** From now until the handle is closed, this thread's SecureRandom gives the same bytes on every call. */
    static AutoCloseable hold() {
        HELD.set(true);
        return () -> HELD.set(false);
    }

    private static final class HeldProvider extends Provider {

        private static final long serialVersionUID = 1L;

        HeldProvider() {
            super(PROVIDER, "1.0", "Rampart's secure-tokens suite: SecureRandom, held still on demand");
            for (var algorithm : ALGORITHMS) {
                putService(new Service(this, "SecureRandom", algorithm, Spi.class.getName(), null, null) {
                    @Override
                    public Object newInstance(Object parameter) {
                        return new Spi(algorithm);
                    }
                });
            }
        }
    }

    /** One SecureRandom's engine: the JDK's own generator of that name, or a fixed answer while held. */
    private static final class Spi extends SecureRandomSpi {

        private static final long serialVersionUID = 1L;
        private static final byte HELD_BYTE = 0x5A;

        private final SecureRandom own;
        private final boolean seedDecides;
        private boolean used;
        private boolean seededFirst;

        Spi(String algorithm) {
            this.own = jdks(algorithm);
            this.seedDecides = algorithm.equals("SHA1PRNG");
        }

        private static SecureRandom jdks(String algorithm) {
            try {
                return SecureRandom.getInstance(algorithm, "SUN");
            } catch (GeneralSecurityException notOnThisPlatform) {
                try {
                    return SecureRandom.getInstance("DRBG", "SUN");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("The JDK's SUN provider has no DRBG", e);
                }
            }
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            seededFirst |= !used;
            own.setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            used = true;
            if (HELD.get() && !(seedDecides && seededFirst)) {
                Arrays.fill(bytes, HELD_BYTE);
            } else {
                own.nextBytes(bytes);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int length) {
            if (HELD.get()) {
                var seed = new byte[length];
                Arrays.fill(seed, HELD_BYTE);
                return seed;
            }
            return own.generateSeed(length);
        }
    }
}
