package dev.rampart.kata.passwordstorage;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.mindrot.jbcrypt.BCrypt;

/**
 * The attacker's side of a breach: a table of "stored row → password" for a list of common
 * passwords, built once with the salt and parameters of one leaked row (the attacker's own
 * account, whose password they know), then used on every other row by plain lookup.
 *
 * <p>Every entry of such a table carries the leaked row's setting (scheme, parameters, salt), so
 * it can only ever match rows that share that setting. A row the attacker cannot read is taken
 * as unsalted, and the table is built by running the application's own hash function, as an
 * attacker holding the code would.
 */
final class PrecomputedTable {

    private PrecomputedTable() {
    }

    /**
     * Builds the table from {@code leakedRow} and looks up every stolen row in it.
     *
     * @param leakedRow   one row whose salt the table reuses
     * @param dictionary  the passwords the table covers
     * @param stolenRows  user → stored row
     * @param application the application's hash function, for rows in no standard format
     * @return user → password, for every row the table cracked
     */
    static Map<String, String> crack(String leakedRow, List<String> dictionary, Map<String, String> stolenRows,
                                     UnaryOperator<String> application) {
        var setting = settingOf(leakedRow);
        var sameSetting = stolenRows.entrySet().stream().filter(row -> settingOf(row.getValue()).equals(setting)).toList();
        if (sameSetting.isEmpty()) {
            // No entry of the table could equal any of these rows: skip building it (with a real
            // work factor that is the slow part) rather than prove it the long way.
            return Map.of();
        }
        var rowFor = StoredHash.parse(leakedRow).flatMap(PrecomputedTable::recompute).orElse(application);
        var table = new HashMap<String, String>();
        dictionary.forEach(password -> table.put(rowFor.apply(password), password));
        var cracked = new TreeMap<String, String>();
        sameSetting.stream().filter(row -> table.containsKey(row.getValue()))
                .forEach(row -> cracked.put(row.getKey(), table.get(row.getValue())));
        return cracked;
    }

    private static String settingOf(String row) {
        return StoredHash.parse(row).map(StoredHash::setting).orElse("");
    }

    /** The row a password would get under this row's setting, for the schemes the attacker knows. */
    private static Optional<UnaryOperator<String>> recompute(StoredHash row) {
        try {
            return switch (row.scheme()) {
                case "bcrypt" -> Optional.of(password -> {
                    // 2a, 2b and 2y agree on every password under 255 bytes; jBCrypt speaks 2a.
                    var recomputed = BCrypt.hashpw(password, "$2a" + row.setting().substring(row.setting().indexOf('$', 1)));
                    return row.setting() + recomputed.substring(recomputed.length() - row.digest().length());
                });
                case "argon2id", "argon2i", "argon2d" -> Optional.of(argon2(row));
                case "scrypt" -> Optional.of(scrypt(row));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static UnaryOperator<String> argon2(StoredHash row) {
        var type = switch (row.scheme()) {
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> Argon2Parameters.ARGON2_id;
        };
        var parameters = new Argon2Parameters.Builder(type)
                .withVersion(row.parameter("v") < 0 ? Argon2Parameters.ARGON2_VERSION_10 : (int) row.parameter("v"))
                .withMemoryAsKB((int) row.parameter("m"))
                .withIterations((int) row.parameter("t"))
                .withParallelism((int) row.parameter("p"))
                .withSalt(decode(row.salt()))
                .build();
        var length = decode(row.digest()).length;
        return password -> {
            var generator = new Argon2BytesGenerator();
            generator.init(parameters);
            var digest = new byte[length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), digest);
            return row.setting() + encode(digest);
        };
    }

    private static UnaryOperator<String> scrypt(StoredHash row) {
        var salt = decode(row.salt());
        var length = decode(row.digest()).length;
        return password -> row.setting() + encode(SCrypt.generate(password.getBytes(StandardCharsets.UTF_8), salt,
                1 << row.parameter("ln"), (int) row.parameter("r"), (int) row.parameter("p"), length));
    }

    private static byte[] decode(String phcBase64) {
        return Base64.getDecoder().decode(phcBase64);
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
