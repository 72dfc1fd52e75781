package dev.rampart.kata.securetokens;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What an attacker does with a token made by {@link java.util.Random}: read the generator's
 * output back out of the token, rebuild its 48-bit state, and compute the token it makes next.
 *
 * <p>{@code Random} is a linear congruential generator: each {@code nextInt()} shows the top 32
 * bits of the 48-bit state, so one output leaves only 2<sup>16</sup> candidates for the whole
 * state, and the next output picks the right one. {@code nextBytes} hands out the bytes of
 * successive {@code nextInt()} values, lowest byte first; a token built from
 * {@code nextInt()}/{@code nextLong()} written big-endian is tried too.
 */
final class RandomPredictor {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private RandomPredictor() {
    }

    /** One way the observed token may spell its bytes, and how to spell new bytes alike. */
    private record Spelling(Function<String, byte[]> decode, Function<byte[], String> encode) {
    }

    /**
     * The tokens the same generator would make next, one candidate per plausible spelling of
     * {@code observed}; empty when no {@code java.util.Random} state explains it.
     */
    static List<String> nextAfter(String observed) {
        var candidates = new ArrayList<String>();
        for (var spelling : spellingsOf(observed)) {
            byte[] bytes;
            try {
                bytes = spelling.decode().apply(observed);
            } catch (IllegalArgumentException notThisSpelling) {
                continue;
            }
            for (var littleEndian : new boolean[] {true, false}) {
                predict(bytes, littleEndian).map(spelling.encode()).ifPresent(candidates::add);
            }
        }
        return candidates;
    }

    private static List<Spelling> spellingsOf(String token) {
        var padded = token.endsWith("=");
        var hexLower = HexFormat.of();
        var hexUpper = HexFormat.of().withUpperCase();
        return List.of(
                new Spelling(hexLower::parseHex, hexLower::formatHex),
                new Spelling(hexUpper::parseHex, hexUpper::formatHex),
                new Spelling(Base64.getDecoder()::decode,
                        (padded ? Base64.getEncoder() : Base64.getEncoder().withoutPadding())::encodeToString),
                new Spelling(Base64.getUrlDecoder()::decode,
                        (padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding())::encodeToString));
    }

    /** The next {@code bytes.length} bytes, if {@code bytes} came from consecutive {@code nextInt()} calls. */
    private static Optional<byte[]> predict(byte[] bytes, boolean littleEndian) {
        var calls = (bytes.length + 3) / 4;
        var whole = bytes.length / 4;
        if (whole < 2) {
            return Optional.empty();
        }
        var outputs = new int[whole];
        for (int i = 0; i < whole; i++) {
            outputs[i] = toInt(bytes, i * 4, littleEndian);
        }
        return stateAfter(outputs).map(state -> {
            var s = state;
            for (int i = whole; i < calls; i++) {
                s = step(s); // a short last group still used up a whole nextInt()
            }
            var next = new byte[bytes.length];
            for (int i = 0; i < calls; i++) {
                s = step(s);
                fromInt((int) (s >>> 16), next, i * 4, littleEndian);
            }
            return next;
        });
    }

    /** The state right after the last of these consecutive outputs, if one exists. */
    static Optional<Long> stateAfter(int[] outputs) {
        var high = (outputs[0] & 0xFFFF_FFFFL) << 16;
        for (long low = 0; low < (1 << 16); low++) {
            var s = high | low;
            var matches = true;
            for (int i = 1; i < outputs.length && matches; i++) {
                s = step(s);
                matches = (int) (s >>> 16) == outputs[i];
            }
            if (matches) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static long step(long state) {
        return (state * MULTIPLIER + ADDEND) & MASK;
    }

    private static int toInt(byte[] b, int at, boolean littleEndian) {
        var value = 0;
        for (int k = 0; k < 4; k++) {
            var shift = littleEndian ? 8 * k : 8 * (3 - k);
            value |= (b[at + k] & 0xFF) << shift;
        }
        return value;
    }

    private static void fromInt(int value, byte[] into, int at, boolean littleEndian) {
        for (int k = 0; k < 4 && at + k < into.length; k++) {
            var shift = littleEndian ? 8 * k : 8 * (3 - k);
            into[at + k] = (byte) (value >>> shift);
        }
    }
}
