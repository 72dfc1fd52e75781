package dev.rampart.kata.passwordstorage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The users table has leaked. What can the attacker do with the rows {@link PasswordHasher}
 * wrote? Each attack asserts on what the attacker gets: passwords cracked by lookup, twins
 * spotted, a cheap guess, a stranger's password accepted, a weak row that never goes away.
 *
 * <p>Empty passwords: the hasher is not the password policy, but an empty password reaching it
 * means the policy was skipped, so {@code hash("")} refuses, and an empty attempt never verifies.
 *
 * <p>Rows are data: whoever can write one row (an SQL injection, a restored backup, an import)
 * also chooses the settings {@code verify} reads from it. A row beyond what the service would
 * ever write, or outside its scheme's rules, must be refused like a wrong password, before any
 * hashing, and never crash the login.
 */
class PasswordHasherTest {

    private static final String PAYLOADS = "password-storage/";

    /** Who chose what, in the stolen table. The attacker does not know these. */
    private static final Map<String, String> ACCOUNTS = Map.of(
            "alice", "sunshine",
            "bob", "iloveyou",
            "carol", "qwerty123",
            "dave", "P@ssw0rd",
            "erin", "пароль",
            "frank", "mV7#qL2!xR9z-unlisted");

    /** The attacker opened an account before the breach, so they know one row's password. */
    private static final String MALLORYS_PASSWORD = "mallory-opened-this-account";

    /** A real Argon2id hash of the empty password, at today's settings: a row that must still never open. */
    private static final String EMPTY_PASSWORDS_ARGON2_ROW =
            "$argon2id$v=19$m=19456,t=2,p=1$tPt601ChtyHBwp4GSKQyqA$EcTDS6n9pnyLlT5MOsRWUcaUk+b0H6FVRVf1/4rOgtI";

    private final PasswordHasher hasher = new PasswordHasher();

    /** What a login against a row comes to, as the user sees it. */
    enum Verdict { LOGGED_IN, REFUSED, CRASHED }

    // 1. Dictionary: a precomputed table, cracking other people's rows by lookup.

    @Attack("one table built from the attacker's own row cracks every account with a common password")
    void precomputedTable() {
        var stolenRows = new TreeMap<String, String>();
        ACCOUNTS.forEach((user, password) -> stolenRows.put(user, hasher.hash(password)));
        var mallorysRow = hasher.hash(MALLORYS_PASSWORD);
        var dictionary = Payloads.load(PAYLOADS + "common-passwords.txt").payloads();

        var cracked = PrecomputedTable.crack(mallorysRow, dictionary, stolenRows, hasher::hash);

        assertThat(cracked)
                .as("The attacker hashed %d common passwords once, with the salt of their own row %s, and found "
                        + "these accounts by plain lookup: %s. A table pays only when rows share a salt.",
                        dictionary.size(), mallorysRow, cracked)
                .isEmpty();
    }

    // 2. No salt of one's own: equal passwords give equal rows.

    @AttackFamily("two accounts that chose the same password store the same row")
    @PayloadFile(PAYLOADS + "shared-passwords.txt")
    void samePasswordSameRow(String password) {
        var first = hasher.hash(password);
        var second = hasher.hash(password);

        assertThat(second)
                .as("Both accounts that chose '%s' store %s: the table shows who shares a password, and cracking "
                        + "one row cracks them all. Each hash needs a salt of its own.", password, first)
                .isNotEqualTo(first);
    }

    @Attack("accounts with different passwords share one salt")
    void oneSaltForEveryone() {
        var alice = readable(hasher.hash("sunshine"));
        var bob = readable(hasher.hash("iloveyou"));

        assertThat(bob.salt())
                .as("alice's row and bob's row carry the same salt %s, so one table built for it serves every "
                        + "account. A salt must be random, per hash.", alice.salt())
                .isNotEqualTo(alice.salt());
    }

    // 3. Work factor: what one guess against a stolen row costs.

    @Attack("one guess against a stolen row costs less than OWASP's floor")
    void workFactorBelowFloor() {
        var row = hasher.hash("correct horse battery staple");
        var stored = readable(row);
        var floors = WorkFactorFloor.load(PAYLOADS + "work-factor-floors.txt");

        assertThat(floors)
                .as("Each guess against %s costs %s %s; the OWASP Password Storage Cheat Sheet asks for one of %s. "
                        + "A GPU tries such guesses by the million: raise the work factor.",
                        row, stored.scheme(), stored.parameters(), floors)
                .anyMatch(floor -> floor.admits(stored));
    }

    // 4. Truncation: bytes after the 72nd do not count.

    @AttackFamily("a different password that agrees on the first 72 bytes logs in")
    @PayloadFile(PAYLOADS + "truncation-pairs.txt")
    void truncatedPassword(String password, String impostor) {
        requireSameFirst72Bytes(password, impostor);
        var row = hasher.hash(password);

        assertThat(hasher.verify(impostor, row))
                .as("'%s' opens the account whose password is '%s' (%d bytes in UTF-8): everything after byte 72 "
                        + "was ignored. Every byte of a password must count.",
                        impostor, password, utf8(password).length)
                .isFalse();
    }

    // 5. Rehash: a weak row must not stay weak forever.

    @AttackFamily("a row stored at weaker settings is never upgraded")
    @PayloadFile(PAYLOADS + "legacy-hashes.txt")
    void legacyRowIsUpgraded(String legacyRow) {
        assertThat(hasher.needsRehash(legacyRow))
                .as("%s stays in the table for good: its owner's next login does not replace it with a hash at "
                        + "today's scheme and settings. needsRehash must read what the row says it was made with.",
                        legacyRow)
                .isTrue();
    }

    // 6. Planted rows: the row's own settings decide what a login costs.

    @AttackFamily("a planted row that asks for more work than any row of ours is worked through at login")
    @PayloadFile(PAYLOADS + "costly-rows.txt")
    void costlyRow(String password, String row) {
        assertThat(verdict(password, row))
                .as("verify('%s', %s) worked through the settings the row asks for: whoever writes one row chooses what a "
                        + "login costs (m=2097152 is 2 GiB, t=999 is a thousand passes). Refuse settings beyond what hash() "
                        + "would ever write, before hashing, as a wrong password.", password, row)
                .isEqualTo(Verdict.REFUSED);
    }

    @AttackFamily("a stored row no hasher writes logs the user in or crashes the login")
    @PayloadFile(PAYLOADS + "malformed-rows.txt")
    void malformedRow(String password, String row) {
        assertThat(verdict(password, row))
                .as("verify('%s', %s): a row outside its scheme's rules, or in a scheme the service does not use, is "
                        + "corrupt or planted; refuse it like a wrong password, and never let it crash the login", password, row)
                .isEqualTo(Verdict.REFUSED);
    }

    // Honest use: what every user needs, on the starter and on the fix alike.

    @DisplayName("a password verifies against its own hash, and a near miss does not")
    @ParameterizedTest(name = "{0}")
    @PayloadFile(PAYLOADS + "legitimate-passwords.txt")
    void passwordVerifies(String password) {
        var row = hasher.hash(password);
        var nearMiss = password.substring(0, password.offsetByCodePoints(password.length(), -1));

        assertThat(hasher.verify(password, row)).as("'%s' against its own hash %s", password, row).isTrue();
        assertThat(hasher.verify(nearMiss, row)).as("'%s' against the hash of '%s'", nearMiss, password).isFalse();
    }

    @DisplayName("a long passphrase, in any script, verifies against its own hash")
    @ParameterizedTest(name = "{0}")
    @PayloadFile(PAYLOADS + "legitimate-long-passwords.txt")
    void longPassphraseVerifies(String passphrase) {
        var row = hasher.hash(passphrase);

        assertThat(hasher.verify(passphrase, row))
                .as("'%s' (%d bytes in UTF-8) against its own hash %s: long passwords must be accepted, not refused",
                        passphrase, utf8(passphrase).length, row)
                .isTrue();
    }

    @DisplayName("an account whose row still holds an old bcrypt hash can log in, with its password only")
    @ParameterizedTest(name = "{0}")
    @PayloadFile(PAYLOADS + "legacy-bcrypt-rows.txt")
    void oldBcryptRowStillLogsIn(String password, String row) {
        assertThat(hasher.verify(password, row))
                .as("'%s' against its old row %s: users must not be locked out by the upgrade", password, row)
                .isTrue();
        assertThat(hasher.verify(password + "?", row)).as("a wrong password against %s", row).isFalse();
    }

    @Test
    @DisplayName("a hash made today needs no rehash")
    void freshHashNeedsNoRehash() {
        var row = hasher.hash("Tr0ub4dor&3");

        assertThat(hasher.needsRehash(row)).as("needsRehash(%s), just made by hash()", row).isFalse();
    }

    @Test
    @DisplayName("a stored hash is a standard PHC or modular crypt string")
    void standardFormat() {
        var row = hasher.hash("Tr0ub4dor&3");

        assertThat(StoredHash.parse(row))
                .as("%s should read like $argon2id$v=19$m=...,t=...,p=...$salt$hash (PHC) or $2b$12$... "
                        + "(bcrypt), so the scheme and its settings travel with every row", row)
                .isPresent();
    }

    @Test
    @DisplayName("an empty password is refused when hashing and never verifies")
    void emptyPassword() {
        assertThatThrownBy(() -> hasher.hash("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(hasher.verify("", hasher.hash("sunshine"))).isFalse();
        assertThat(hasher.verify("", EMPTY_PASSWORDS_ARGON2_ROW))
                .as("an empty attempt against a row made from an empty password, %s", EMPTY_PASSWORDS_ARGON2_ROW)
                .isFalse();
    }

    /** The login's outcome; a crash (any exception: a 500 for that account) is one outcome among the others. */
    private Verdict verdict(String password, String row) {
        try {
            return hasher.verify(password, row) ? Verdict.LOGGED_IN : Verdict.REFUSED;
        } catch (RuntimeException crash) {
            return Verdict.CRASHED;
        }
    }

    private static StoredHash readable(String row) {
        var parsed = StoredHash.parse(row);
        assertThat(parsed)
                .as("%s is in no standard format the attacker could read: that does not protect it, but this suite "
                        + "cannot judge it. Store PHC strings ($argon2id$...) or modular crypt ($2b$...).", row)
                .isPresent();
        return parsed.orElseThrow();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A payload line that breaks the family's rule is a broken fixture, not an attack result. */
    private static void requireSameFirst72Bytes(String password, String impostor) {
        var a = utf8(password);
        var b = utf8(impostor);
        if (password.equals(impostor) || a.length <= 72 || b.length <= 72
                || !Arrays.equals(a, 0, 72, b, 0, 72)) {
            throw new IllegalStateException("truncation-pairs.txt: '" + password + "' and '" + impostor
                    + "' must differ, be over 72 bytes and agree on the first 72");
        }
    }
}
