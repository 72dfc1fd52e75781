package dev.rampart.kata.passwordstorage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns account passwords into the strings the users table stores, and checks login attempts
 * against them.
 *
 * <p>The login flow: {@code verify} the attempt; if it matches and {@code needsRehash} says so,
 * store a fresh {@code hash} of the same password. Thread-safe: holds no mutable state.
 *
 * <p>Rows are Argon2id PHC strings, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}: every
 * row carries its own random salt (a table built for one row is useless for the next) and the
 * settings it was made with (so they can be raised later, and old rows recognised).
 *
 * <p>Those settings are read from the row, so a row decides what one login costs. A corrupt or
 * planted row ({@code m=2097152}, 2 GiB; {@code t=999}; bcrypt at cost 31) would make a single
 * login allocate gigabytes or run for hours. Rows that ask for more than this service would ever
 * write are refused before any hashing, like a wrong password.
 */
public final class PasswordHasher {

    // Bouncy Castle's Argon2 is used directly: it is the best-kept crypto library for Java, and the
    // one Spring Security's Argon2PasswordEncoder calls too. Password4j was the other candidate, but
    // it has one maintainer and its random-salt Argon2 path once wrote hashes that did not verify
    // (Password4j issue #143); Spring's encoder would bring two more jars for the same call.

    // OWASP Password Storage Cheat Sheet, Argon2id: 19 MiB of memory, 2 passes, 1 lane is the
    // floor. Raising these later is safe: needsRehash then upgrades rows as their owners log in.
    private static final int MEMORY_KIB = 19 * 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}");
    /** The most our bcrypt code ever wrote (the old rows run from cost 4 to 12): each step doubles the work. */
    private static final int MAX_BCRYPT_COST = 12;

    /**
     * The string to store for this password. Every byte of the password counts, however long.
     *
     * @throws IllegalArgumentException if the password is empty: the password policy runs before hashing
     */
    public String hash(String password) {
        if (password.isEmpty()) {
            throw new IllegalArgumentException(
                    "An empty password reached the hasher: apply the password policy before hashing");
        }
        var salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        var row = new Argon2Row(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13,
                MEMORY_KIB, ITERATIONS, PARALLELISM, salt, new byte[HASH_BYTES]);
        return row.withHash(row.compute(password)).toString();
    }

    /**
     * Whether this login attempt matches the stored string: an Argon2 row at whatever settings it
     * records, or a bcrypt row from before the move to Argon2id. An empty attempt never matches.
     */
    public boolean verify(String password, String stored) {
        if (password.isEmpty()) {
            return false;
        }
        var argon2 = Argon2Row.parse(stored);
        if (argon2.isPresent()) {
            // Constant time, so response times do not tell how much of a guess was right.
            return MessageDigest.isEqual(argon2.get().compute(password), argon2.get().hash());
        }
        var bcrypt = BCRYPT.matcher(stored);
        if (bcrypt.matches() && Integer.parseInt(bcrypt.group(1)) <= MAX_BCRYPT_COST) {
            // Old rows keep bcrypt's 72-byte limit until their owner's next login replaces them.
            try {
                return OpenBSDBCrypt.checkPassword(stored, password.toCharArray());
            } catch (IllegalArgumentException | DataLengthException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether the stored string should be replaced by a fresh {@link #hash} at the next successful
     * login: anything that is not Argon2id version 1.3 at today's settings or stronger.
     */
    public boolean needsRehash(String stored) {
        return Argon2Row.parse(stored).map(row -> row.type() != Argon2Parameters.ARGON2_id
                        || row.version() < Argon2Parameters.ARGON2_VERSION_13
                        || row.memoryKib() < MEMORY_KIB
                        || row.iterations() < ITERATIONS
                        || row.parallelism() < PARALLELISM
                        || row.salt().length < SALT_BYTES
                        || row.hash().length < HASH_BYTES)
                .orElse(true);
    }

    /** One Argon2 row in PHC form; parsing refuses settings no row of ours could hold. */
    private record Argon2Row(int type, int version, int memoryKib, int iterations, int parallelism,
                             byte[] salt, byte[] hash) {

        private static final Pattern PHC = Pattern.compile(
                "\\$(argon2id|argon2i|argon2d)(?:\\$v=(\\d{1,3}))?\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
                        + "\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{11,128})");
        // A corrupt or planted row must not make one login allocate gigabytes or run for minutes.
        // The settings may be raised up to RFC 9106's recommendation for memory-constrained
        // systems (64 MiB, 3 passes); its first recommendation (2 GiB) is for dedicated hardware,
        // not for a login. Bouncy Castle runs the lanes one after another, so the time is memory × passes.
        private static final int MAX_MEMORY_KIB = 64 * 1024;
        private static final long MAX_WORK = 3L * MAX_MEMORY_KIB;
        private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

        static Optional<Argon2Row> parse(String stored) {
            var m = PHC.matcher(stored);
            if (!m.matches()) {
                return Optional.empty();
            }
            var type = switch (m.group(1)) {
                case "argon2i" -> Argon2Parameters.ARGON2_i;
                case "argon2d" -> Argon2Parameters.ARGON2_d;
                default -> Argon2Parameters.ARGON2_id;
            };
            // PHC strings without v= were written by Argon2 1.0.
            var version = m.group(2) == null ? Argon2Parameters.ARGON2_VERSION_10 : Integer.parseInt(m.group(2));
            var memory = Integer.parseInt(m.group(3));
            var iterations = Integer.parseInt(m.group(4));
            var parallelism = Integer.parseInt(m.group(5));
            var valid = (version == Argon2Parameters.ARGON2_VERSION_10 || version == Argon2Parameters.ARGON2_VERSION_13)
                    && parallelism >= 1 && iterations >= 1 && memory >= 8 * parallelism
                    && memory <= MAX_MEMORY_KIB && (long) memory * iterations <= MAX_WORK;
            if (!valid) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Argon2Row(type, version, memory, iterations, parallelism,
                        Base64.getDecoder().decode(m.group(6)), Base64.getDecoder().decode(m.group(7))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        Argon2Row withHash(byte[] newHash) {
            return new Argon2Row(type, version, memoryKib, iterations, parallelism, salt, newHash);
        }

        /** Argon2 of the password's UTF-8 bytes, all of them, with this row's salt and settings. */
        byte[] compute(String password) {
            var generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(type)
                    .withVersion(version)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build());
            var out = new byte[hash.length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
            return out;
        }

        @Override
        public String toString() {
            var name = switch (type) {
                case Argon2Parameters.ARGON2_i -> "argon2i";
                case Argon2Parameters.ARGON2_d -> "argon2d";
                default -> "argon2id";
            };
            return "$" + name + "$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                    + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
        }
    }
}
