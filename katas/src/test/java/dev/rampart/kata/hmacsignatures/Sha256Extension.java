package dev.rampart.kata.hmacsignatures;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The length-extension attack on {@code sha256(secret + message)}, as tools such as
 * hash_extender and HashPump do it: SHA-256's output <em>is</em> its internal state after the
 * last block, so from a digest and the length of what was hashed, anyone can go on hashing more
 * blocks, without the secret. The attacker's message is the original one, the padding SHA-256
 * added to it, and the extension; its digest comes out of the continued state.
 *
 * <p>FIPS 180-4 §5.1.1 (padding) and §6.2.2 (the compression function), written here because
 * the JDK's {@code MessageDigest} cannot start from a given state.
 */
public final class Sha256Extension {

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };

    /** A forged message (without the unknown secret in front) and its SHA-256 with the secret. */
    public record Forgery(byte[] message, byte[] digest) {
    }

    private Sha256Extension() {
    }

    /**
     * Extends {@code message}, whose {@code sha256(secret + message)} is {@code digest}, by
     * {@code extension}, knowing only the secret's length.
     */
    public static Forgery extend(byte[] digest, int secretLength, byte[] message, byte[] extension) {
        long hashed = (long) secretLength + message.length;
        byte[] glue = padding(hashed);
        var state = ByteBuffer.wrap(digest).asIntBuffer();
        int[] h = new int[8];
        state.get(h);
        byte[] tail = concat(extension, padding(hashed + glue.length + extension.length));
        for (int block = 0; block < tail.length; block += 64) {
            compress(h, Arrays.copyOfRange(tail, block, block + 64));
        }
        var out = ByteBuffer.allocate(32);
        out.asIntBuffer().put(h);
        return new Forgery(concat(concat(message, glue), extension), out.array());
    }

    /** The bytes SHA-256 appends to a message of {@code length} bytes: 0x80, zeros, the length in bits. */
    public static byte[] padding(long length) {
        int zeros = (int) Math.floorMod(55 - length, 64L);
        var pad = ByteBuffer.allocate(1 + zeros + 8);
        pad.put((byte) 0x80).put(new byte[zeros]).putLong(length * 8);
        return pad.array();
    }

    private static void compress(int[] h, byte[] block) {
        int[] w = new int[64];
        ByteBuffer.wrap(block).asIntBuffer().get(w, 0, 16);
        for (int t = 16; t < 64; t++) {
            int s0 = Integer.rotateRight(w[t - 15], 7) ^ Integer.rotateRight(w[t - 15], 18) ^ (w[t - 15] >>> 3);
            int s1 = Integer.rotateRight(w[t - 2], 17) ^ Integer.rotateRight(w[t - 2], 19) ^ (w[t - 2] >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        int a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int t = 0; t < 64; t++) {
            int t1 = k + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + K[t] + w[t];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + ((a & b) ^ (a & c) ^ (b & c));
            k = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += k;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
