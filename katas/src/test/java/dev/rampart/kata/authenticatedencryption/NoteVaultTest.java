package dev.rampart.kata.authenticatedencryption;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The support desk keeps customer notes in a {@link NoteVault}. The attacker has what a stolen
 * backup or a read-only database account gives: every stored record and the vault's header, and
 * may write records back (a compromised replica, a support tool with write access to the table).
 * They know the format and the code, as Kerckhoffs says they should; they never have the
 * password. A customer can also have the vault seal a note of their own (their own record).
 * Every oracle reads the harm itself: a note the attacker read, a note the vault returned after
 * the attacker changed it, equal notes told apart from the records alone.
 *
 * <p>Left out: forging a GCM tag after a nonce repeats (it needs GHASH key recovery, a page of
 * polynomial algebra; the repeat itself is caught, see {@link #sameNoteForManyCustomers()}); a
 * padding-oracle decryption of CBC (the vault answers every bad record with the same exception,
 * so the suite shows bit flipping instead, which needs no oracle at all).
 */
class NoteVaultTest {

    private static final String PASSWORD = "correct horse battery staple orbit";
    private static final String VICTIM = "c-1042";
    private static final String VICTIMS_NOTE = "plan=basic;limit=00100;owner=c-1042;apiKey=sk_live_51HqLyjWDarjtT1zdp7dcQx9;iban=DE89370400440532013000";

    /** One vault for the cases that do not make their own: a real KDF takes a good part of a second. */
    private static NoteVault vault;

    @BeforeAll
    static void createVault() {
        vault = NoteVault.create(PASSWORD);
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} is sealed and opened again unchanged")
    @PayloadFile("authenticated-encryption/legitimate-notes.txt")
    void notesRoundTrip(String kind, String note) throws UnreadableRecordException {
        var record = vault.seal(VICTIM, note);

        assertThat(vault.open(VICTIM, record)).as(kind).isEqualTo(note);
    }

    @Test
    void anEmptyNoteRoundTrips() throws UnreadableRecordException {
        assertThat(vault.open(VICTIM, vault.seal(VICTIM, ""))).isEmpty();
    }

    @Test
    void aNoteOpensAfterARestart() throws UnreadableRecordException {
        var record = vault.seal(VICTIM, VICTIMS_NOTE);

        var reopened = NoteVault.unlock(PASSWORD, vault.header());

        assertThat(reopened.open(VICTIM, record)).isEqualTo(VICTIMS_NOTE);
    }

    @Test
    void eachRecordOpensUnderItsOwnId() throws UnreadableRecordException {
        var first = vault.seal("c-1", "first customer's note");
        var second = vault.seal("c-2", "second customer's note");

        assertThat(vault.open("c-1", first)).isEqualTo("first customer's note");
        assertThat(vault.open("c-2", second)).isEqualTo("second customer's note");
    }

    @Test
    void aWrongPasswordOpensNothing() {
        var record = vault.seal(VICTIM, VICTIMS_NOTE);
        var wrong = NoteVault.unlock("Correct Horse Battery Staple Orbit", vault.header());

        assertThatThrownBy(() -> wrong.open(VICTIM, record)).isInstanceOf(UnreadableRecordException.class);
    }

    @Test
    void emptyOrForeignRecordsAreRefused() {
        assertThatThrownBy(() -> vault.open(VICTIM, new byte[0])).isInstanceOf(UnreadableRecordException.class);
        var record = vault.seal(VICTIM, VICTIMS_NOTE);
        record[0] = 9;
        assertThatThrownBy(() -> vault.open(VICTIM, record)).as("a record of an unknown version")
                .isInstanceOf(UnreadableRecordException.class);
        assertThatThrownBy(() -> NoteVault.unlock(PASSWORD, new byte[] {9})).as("a header of an unknown version")
                .isInstanceOf(IllegalArgumentException.class);
        var foreign = new byte[17];
        foreign[0] = 9;
        assertThatThrownBy(() -> NoteVault.unlock(PASSWORD, foreign)).as("a header of an unknown version, salt and all")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("the records alone show where a note repeats itself")
    @PayloadFile("authenticated-encryption/repeating-notes.txt")
    void patternLeak(String what, String note) {
        var record = vault.seal(VICTIM, note);

        assertThat(repeatedBlocks(record))
                .as("the record of a note with %s repeats 16-byte blocks at these offsets, so anyone holding the backup sees the"
                        + " note's structure without the key: ECB encrypts equal blocks to equal blocks; use AES-GCM with a fresh"
                        + " nonce, which never does", what)
                .isEmpty();
    }

    @Attack("the same note given to many customers, half of them after a restart, is told apart from the records alone")
    void sameNoteForManyCustomers() {
        var note = "Default API key issued at onboarding: sk_test_onboarding_2026; rotate on first login.";
        var records = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < 60; i++) {
            records.put("c-" + (2000 + i), vault.seal("c-" + (2000 + i), note));
        }
        var restarted = NoteVault.unlock(PASSWORD, vault.header());
        for (int i = 60; i < 120; i++) {
            records.put("c-" + (2000 + i), restarted.seal("c-" + (2000 + i), note));
        }

        assertThat(sharedRuns(records))
                .as("these records share 16 bytes at the same place, so they hold the same note (or, with a repeated nonce,"
                        + " notes whose XOR is the XOR of the records): a nonce must never repeat under one key; draw 12"
                        + " bytes from SecureRandom for every record, never a counter that a restart resets or a Random seeded"
                        + " with the clock")
                .isEmpty();
    }

    @AttackFamily("a record changed without the key is opened as a note")
    @PayloadFile("authenticated-encryption/tampered-records.txt")
    void tampering(String what, String change) {
        var record = vault.seal(VICTIM, VICTIMS_NOTE);
        var changed = change(record, change);

        var opened = tryOpen(vault, VICTIM, changed);
        var forged = opened == null || opened.equals(VICTIMS_NOTE) ? null : printable(opened);

        assertThat(forged)
                .as("%s (%s): the vault returned a note the customer never wrote instead of refusing the record; encryption"
                        + " alone does not protect integrity, an authentication tag (AES-GCM) does", what, change)
                .isNull();
    }

    @Attack("another customer's record, copied under the victim's id, is opened as the victim's note")
    void recordSwap() {
        var theirs = vault.seal("c-7777", "plan=enterprise;limit=99999;owner=c-7777;apiKey=sk_live_ATTACKERSOWNKEY0000");

        var opened = tryOpen(vault, VICTIM, theirs);

        assertThat(opened)
                .as("the record sealed for c-7777 opened as c-1042's note (%s): bind the record id to the record as AES-GCM's"
                        + " associated data, so a record moved to another id fails its tag", opened)
                .isNull();
    }

    @Attack("the attacker flips bits in the victim's record and turns the plan 'basic' into 'admin'")
    void bitFlipping() {
        var record = vault.seal(VICTIM, VICTIMS_NOTE);
        // The attacker is a customer too and has the vault seal a note of their own.
        var own = vault.seal("c-6666", "plan=admin;limit=99999;owner=c-6666");
        byte[] delta = xor("basic".getBytes(UTF_8), "admin".getBytes(UTF_8));
        int field = VICTIMS_NOTE.indexOf("basic");

        var forgeries = new LinkedHashMap<String, String>();
        for (int h = 0; h + field + delta.length <= record.length; h++) {
            var flipped = record.clone();
            for (int i = 0; i < delta.length; i++) {
                flipped[h + field + i] ^= delta[i];
            }
            forgeries.put("bits flipped at byte " + (h + field), tryOpen(vault, VICTIM, flipped));
            if (h + 16 <= own.length && h + 16 <= record.length) {
                var pasted = record.clone();
                System.arraycopy(own, h, pasted, h, 16);
                forgeries.put("16 bytes of the attacker's record pasted at byte " + h, tryOpen(vault, VICTIM, pasted));
            }
        }
        var won = new LinkedHashMap<String, String>();
        forgeries.forEach((how, note) -> {
            if (note != null && "admin".equals(fields(note).get("plan")) && VICTIM.equals(fields(note).get("owner"))) {
                won.put(how, note);
            }
        });

        assertThat(won)
                .as("the vault opened the victim's record, changed by the attacker, as a note with plan=admin: CBC and CTR let"
                        + " anyone flip chosen plaintext bits by flipping the IV or ciphertext, ECB lets them paste blocks;"
                        + " only a tag over the nonce, the ciphertext and the id refuses the change")
                .isEmpty();
    }

    @AttackFamily("a vault with a common password is opened by trying a small dictionary")
    @PayloadFile("authenticated-encryption/weak-passwords.txt")
    void dictionaryAttack(String kind, String password) {
        var weak = NoteVault.create(password);
        var record = weak.seal(VICTIM, VICTIMS_NOTE);

        var cracked = DictionaryAttack.crack(weak.header(), VICTIM, record, VICTIMS_NOTE.getBytes(UTF_8),
                Payloads.load("authenticated-encryption/dictionary.txt").payloads());

        assertThat(cracked)
                .as("the vault's password (%s) was found by trying %d common passwords through cheap derivations, and the"
                        + " note read: a key must come from the password through a slow, salted KDF (PBKDF2-HMAC-SHA256 with"
                        + " 600,000 iterations, Argon2id), never the password's bytes or one fast hash", kind,
                        Payloads.load("authenticated-encryption/dictionary.txt").payloads().size())
                .isNull();
    }

    @Attack("two vaults with the same password share one key, so cracking one opens the other")
    void sameKeyAcrossVaults() {
        var other = NoteVault.create(PASSWORD);
        var record = vault.seal(VICTIM, VICTIMS_NOTE);

        var opened = tryOpen(other, VICTIM, record);

        assertThat(opened)
                .as("a record of one vault opened in another vault made with the same password: without a random salt per"
                        + " vault, one precomputed table or one cracked key serves every vault")
                .isNull();
    }

    // ---------------------------------------------------------------- helpers

    /** The note the vault returns, or null if it refuses the record. */
    private static String tryOpen(NoteVault vault, String id, byte[] record) {
        try {
            return vault.open(id, record);
        } catch (UnreadableRecordException e) {
            return null;
        }
    }

    /** Offsets of 16-byte windows equal to an earlier window a multiple of 16 bytes before them. */
    static List<String> repeatedBlocks(byte[] record) {
        var found = new ArrayList<String>();
        for (int i = 0; i + 16 <= record.length; i++) {
            for (int j = i + 16; j + 16 <= record.length; j += 16) {
                if (Arrays.equals(record, i, i + 16, record, j, j + 16)) {
                    found.add(i + "=" + j);
                }
            }
        }
        return found;
    }

    /** Pairs of records with the same 16 bytes at the same offset. */
    static List<String> sharedRuns(Map<String, byte[]> records) {
        var seen = new HashMap<String, String>();
        var found = new ArrayList<String>();
        records.forEach((id, record) -> {
            for (int at = 0; at + 16 <= record.length; at++) {
                var key = at + ":" + Arrays.toString(Arrays.copyOfRange(record, at, at + 16));
                var earlier = seen.putIfAbsent(key, id);
                if (earlier != null && found.size() < 10) {
                    found.add(earlier + " and " + id + " at byte " + at);
                }
            }
        });
        return found;
    }

    /** The record changed as a line of tampered-records.txt says. */
    static byte[] change(byte[] record, String change) {
        var parts = change.split(":");
        int a = at(record, parts[1]);
        return switch (parts[0]) {
            case "flip" -> {
                var out = record.clone();
                out[a] ^= 0x01;
                yield out;
            }
            case "drop" -> {
                int b = at(record, parts[2]);
                var out = ByteBuffer.allocate(record.length - (b - a));
                yield out.put(record, 0, a).put(record, b, record.length - b).array();
            }
            case "dup" -> {
                int b = at(record, parts[2]);
                var out = ByteBuffer.allocate(record.length + (b - a));
                yield out.put(record, 0, b).put(record, a, b - a).put(record, b, record.length - b).array();
            }
            case "swap" -> {
                int b = at(record, parts[2]);
                var out = record.clone();
                System.arraycopy(record, a, out, b, 16);
                System.arraycopy(record, b, out, a, 16);
                yield out;
            }
            default -> throw new IllegalArgumentException("Unknown change " + change);
        };
    }

    private static int at(byte[] record, String offset) {
        int n = Integer.parseInt(offset);
        return n < 0 ? record.length + n : n;
    }

    /** The note with every character outside printable ASCII written as a Java escape. */
    private static String printable(String note) {
        var out = new StringBuilder();
        note.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    private static Map<String, String> fields(String note) {
        var fields = new HashMap<String, String>();
        for (var pair : note.split(";")) {
            var kv = pair.split("=", 2);
            if (kv.length == 2) {
                fields.putIfAbsent(kv[0], kv[1]);
            }
        }
        return fields;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    /**
     * An offline guesser with a small budget: every word of the dictionary through the cheap
     * derivations found in real code (the password's bytes, one MD5, SHA-1 or SHA-256, PBKDF2 with
     * a few thousand iterations or fewer, with the header's salt), and each key tried on
     * the record as AES-GCM, AES-CBC and AES-ECB would lay it out.
     */
    static final class DictionaryAttack {

        private DictionaryAttack() {
        }

        /** The password that opened the record to {@code note}, or null. */
        static String crack(byte[] header, String id, byte[] record, byte[] note, List<String> dictionary) {
            var salts = new ArrayList<byte[]>();
            if (header.length > 1) {
                salts.add(Arrays.copyOfRange(header, 1, header.length));
            }
            for (var word : dictionary) {
                for (var key : cheapKeys(word, salts)) {
                    if (opens(key, id, record, note)) {
                        return word;
                    }
                }
            }
            return null;
        }

        private static List<byte[]> cheapKeys(String word, List<byte[]> salts) {
            var keys = new ArrayList<byte[]>();
            byte[] raw = word.getBytes(UTF_8);
            keys.add(Arrays.copyOf(raw, 16));
            keys.add(Arrays.copyOf(raw, 32));
            for (var algorithm : List.of("MD5", "SHA-1", "SHA-256")) {
                byte[] digest = digest(algorithm, raw);
                keys.add(Arrays.copyOf(digest, 16));
                if (digest.length >= 32) {
                    keys.add(digest);
                }
            }
            for (var salt : salts) {
                for (int iterations : new int[] {1, 1000, 4096}) {
                    byte[] derived = pbkdf2(word, salt, iterations);
                    keys.add(Arrays.copyOf(derived, 16));
                    keys.add(derived);
                }
            }
            return keys;
        }

        private static boolean opens(byte[] key, String id, byte[] record, byte[] note) {
            var aes = new SecretKeySpec(key, "AES");
            byte[] idBytes = id.getBytes(UTF_8);
            byte[] versioned = ByteBuffer.allocate(1 + idBytes.length).put(record[0]).put(idBytes).array();
            for (byte[] aad : List.of(new byte[0], idBytes, versioned)) {
                if (record.length > 13 && Arrays.equals(note, attempt(() -> {
                    var c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, record, 1, 12));
                    c.updateAAD(aad);
                    return c.doFinal(record, 13, record.length - 13);
                }))) {
                    return true;
                }
            }
            if (record.length > 17 && Arrays.equals(note, attempt(() -> {
                var c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.DECRYPT_MODE, aes, new IvParameterSpec(record, 1, 16));
                return c.doFinal(record, 17, record.length - 17);
            }))) {
                return true;
            }
            return Arrays.equals(note, attempt(() -> {
                var c = Cipher.getInstance("AES/ECB/PKCS5Padding");
                c.init(Cipher.DECRYPT_MODE, aes);
                return c.doFinal(record, 1, record.length - 1);
            }));
        }

        private interface Decryption {
            byte[] run() throws GeneralSecurityException;
        }

        private static byte[] attempt(Decryption decryption) {
            try {
                return decryption.run();
            } catch (GeneralSecurityException | RuntimeException e) {
                return null;
            }
        }

        private static byte[] digest(String algorithm, byte[] data) {
            try {
                return MessageDigest.getInstance(algorithm).digest(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] pbkdf2(String word, byte[] salt, int iterations) {
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(new PBEKeySpec(word.toCharArray(), salt, iterations, 256)).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
