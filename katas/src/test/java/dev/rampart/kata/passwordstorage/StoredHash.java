package dev.rampart.kata.passwordstorage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A stored password hash read the way an attacker reads a stolen row: which scheme, at what
 * cost, with which salt. Two standard shapes are understood, and nothing else is guessed at:
 * <ul>
 *   <li>bcrypt's modular crypt format, {@code $2a$10$} then 22 characters of salt and 31 of
 *       digest (no separator between them);</li>
 *   <li>PHC strings, {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<digest>}, which scrypt and
 *       other schemes use too ({@code $scrypt$ln=17,r=8,p=1$...}).</li>
 * </ul>
 *
 * @param scheme     {@code bcrypt}, {@code argon2id}, {@code argon2i}, {@code scrypt}, ...
 * @param parameters the numeric parameters as the row writes them ({@code cost} for bcrypt;
 *                   {@code v}, {@code m}, {@code t}, {@code p} for Argon2)
 * @param setting    everything before the digest (scheme, parameters, salt): what a table built
 *                   for this row shares with every row it can crack
 * @param salt       the salt as written in the row
 * @param digest     the digest as written in the row
 */
record StoredHash(String scheme, Map<String, Long> parameters, String setting, String salt, String digest) {

    private static final Pattern BCRYPT = Pattern.compile(
            "(\\$2[abxy]?\\$(\\d{2})\\$([./A-Za-z0-9]{22}))([./A-Za-z0-9]{31})");
    private static final Pattern PHC = Pattern.compile(
            "(\\$([a-z0-9-]{1,32})(?:\\$v=(\\d{1,9}))?\\$([a-z0-9-]{1,32}=[^$,]*(?:,[a-z0-9-]{1,32}=[^$,]*)*)"
                    + "\\$([A-Za-z0-9+/.-]+)\\$)([A-Za-z0-9+/.-]+)");

    StoredHash {
        parameters = Map.copyOf(parameters);
    }

    /** The row's scheme, parameters and salt, or empty when the row is in neither standard shape. */
    static Optional<StoredHash> parse(String row) {
        var bcrypt = BCRYPT.matcher(row);
        if (bcrypt.matches()) {
            return Optional.of(new StoredHash("bcrypt", Map.of("cost", Long.parseLong(bcrypt.group(2))),
                    bcrypt.group(1), bcrypt.group(3), bcrypt.group(4)));
        }
        var phc = PHC.matcher(row);
        if (phc.matches()) {
            var parameters = new LinkedHashMap<String, Long>();
            if (phc.group(3) != null) {
                parameters.put("v", Long.parseLong(phc.group(3)));
            }
            for (var pair : phc.group(4).split(",")) {
                var nameAndValue = pair.split("=", 2);
                if (nameAndValue[1].matches("\\d{1,18}")) {
                    parameters.put(nameAndValue[0], Long.parseLong(nameAndValue[1]));
                }
            }
            return Optional.of(new StoredHash(phc.group(2), parameters, phc.group(1), phc.group(5), phc.group(6)));
        }
        return Optional.empty();
    }

    /** A numeric parameter, or -1 when the row does not state it. */
    long parameter(String name) {
        return parameters.getOrDefault(name, -1L);
    }
}
