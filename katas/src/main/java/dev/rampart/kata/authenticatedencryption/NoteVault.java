package dev.rampart.kata.authenticatedencryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The support desk's vault: short notes about customers (API keys they gave us, account
 * remarks) kept encrypted at rest, one sealed record per customer id. A vault is made once with
 * {@link #create}; {@link #header()} is stored beside the records, and {@link #unlock} opens the
 * vault again after a restart.
 */
public final class NoteVault {

    private static final byte VERSION = 1;

    private final SecretKeySpec key;

    private NoteVault(SecretKeySpec key) {
        this.key = key;
    }

    /** A new vault protected by {@code password}. */
    public static NoteVault create(String password) {
        return new NoteVault(keyFrom(password));
    }

    /** The vault whose {@link #header()} is {@code header}, opened again with its password. */
    public static NoteVault unlock(String password, byte[] header) {
        if (header.length < 1 || header[0] != VERSION) {
            throw new IllegalArgumentException("Unknown vault format");
        }
        return new NoteVault(keyFrom(password));
    }

    /** What to store beside the records so the vault can be unlocked again. */
    public byte[] header() {
        return new byte[] {VERSION};
    }

    /** The record to store for {@code recordId}'s note. */
    public byte[] seal(String recordId, String note) {
        try {
            var cipher = Cipher.getInstance("AES");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            byte[] body = cipher.doFinal(note.getBytes(StandardCharsets.UTF_8));
            byte[] record = new byte[1 + body.length];
            record[0] = VERSION;
            System.arraycopy(body, 0, record, 1, body.length);
            return record;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }

    /** The note stored in {@code record} for {@code recordId}. */
    public String open(String recordId, byte[] record) throws UnreadableRecordException {
        if (record.length < 1 || record[0] != VERSION) {
            throw new UnreadableRecordException("Unknown record format");
        }
        try {
            var cipher = Cipher.getInstance("AES");
            cipher.init(Cipher.DECRYPT_MODE, key);
            return new String(cipher.doFinal(record, 1, record.length - 1), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UnreadableRecordException("The record cannot be read with this vault's key");
        }
    }

    private static SecretKeySpec keyFrom(String password) {
        return new SecretKeySpec(Arrays.copyOf(password.getBytes(StandardCharsets.UTF_8), 16), "AES");
    }
}
