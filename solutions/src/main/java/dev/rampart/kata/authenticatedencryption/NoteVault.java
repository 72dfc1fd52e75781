package dev.rampart.kata.authenticatedencryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The support desk's vault: short notes about customers (API keys they gave us, account
 * remarks) kept encrypted at rest, one sealed record per customer id. A vault is made once with
 * {@link #create}; {@link #header()} is stored beside the records, and {@link #unlock} opens the
 * vault again after a restart.
 *
 * <p>Header: version, 16 random salt bytes. Record: version, 12-byte nonce, AES-GCM ciphertext
 * with its 128-bit tag. The key comes from the password through PBKDF2-HMAC-SHA256 with the
 * vault's own salt and OWASP's 600,000 iterations, so a guess costs what a login costs and no
 * table serves two vaults. Every record gets a fresh nonce from SecureRandom (never a counter
 * that a restart resets, never the clock), and the tag covers the version and the record id as
 * associated data, so a record changed, cut short or moved to another id is refused.
 */
public final class NoteVault {

    private static final byte VERSION = 1;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final byte[] salt;

    private NoteVault(String password, byte[] salt) {
        this.key = keyFrom(password, salt);
        this.salt = salt;
    }

    /** A new vault protected by {@code password}. */
    public static NoteVault create(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new NoteVault(password, salt);
    }

    /** The vault whose {@link #header()} is {@code header}, opened again with its password. */
    public static NoteVault unlock(String password, byte[] header) {
        if (header.length != 1 + SALT_BYTES || header[0] != VERSION) {
            throw new IllegalArgumentException("Unknown vault format");
        }
        return new NoteVault(password, Arrays.copyOfRange(header, 1, header.length));
    }

    /** What to store beside the records so the vault can be unlocked again. */
    public byte[] header() {
        byte[] header = new byte[1 + SALT_BYTES];
        header[0] = VERSION;
        System.arraycopy(salt, 0, header, 1, SALT_BYTES);
        return header;
    }

    /** The record to store for {@code recordId}'s note. */
    public byte[] seal(String recordId, String note) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(recordId));
            byte[] body = cipher.doFinal(note.getBytes(StandardCharsets.UTF_8));
            byte[] record = new byte[1 + NONCE_BYTES + body.length];
            record[0] = VERSION;
            System.arraycopy(nonce, 0, record, 1, NONCE_BYTES);
            System.arraycopy(body, 0, record, 1 + NONCE_BYTES, body.length);
            return record;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The note stored in {@code record} for {@code recordId}. */
    public String open(String recordId, byte[] record) throws UnreadableRecordException {
        if (record.length < 1 + NONCE_BYTES + TAG_BITS / 8 || record[0] != VERSION) {
            throw new UnreadableRecordException("Unknown record format");
        }
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, record, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData(recordId));
            return new String(cipher.doFinal(record, 1 + NONCE_BYTES, record.length - 1 - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // A wrong tag: changed, cut, sealed for another id or by another vault. Nothing is returned.
            throw new UnreadableRecordException("The record cannot be read with this vault's key");
        }
    }

    /** The version and the record id: the tag fails if either differs from what was sealed. */
    private static byte[] associatedData(String recordId) {
        byte[] id = recordId.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[1 + id.length];
        aad[0] = VERSION;
        System.arraycopy(id, 0, aad, 1, id.length);
        return aad;
    }

    private static SecretKeySpec keyFrom(String password, byte[] salt) {
        var spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256);
        try {
            byte[] bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(bytes, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
