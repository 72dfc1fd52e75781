package dev.rampart.server.notebook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file's version: the SHA-256 of its bytes. Unlike a modification time it cannot tie (two
 * saves in one clock tick) and it changes whenever the content does, whoever wrote it.
 */
public final class Versions {

    private Versions() {
    }

    public static String of(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}
