package dev.rampart.kata.sessioncookies;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What an attacker predicts from one value of {@link java.util.Random#nextLong()}: the generator's
 * whole state is 48 bits, and a {@code nextLong} shows 32 of them in its high half, so the other 16
 * are found by trying all 65,536 and keeping the one that also yields the low half. Every later
 * value then follows. Ids that are not 16 hex digits, or that no state explains, predict nothing.
 */
final class RandomPrediction {

    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    private RandomPrediction() {
    }

    /** The {@code count} ids a {@code java.util.Random} that produced {@code observed} gives next, in hex as observed. */
    static List<String> following(String observed, int count) {
        if (!observed.matches("[0-9a-fA-F]{16}")) {
            return List.of();
        }
        var value = Long.parseUnsignedLong(observed, 16);
        var low = (int) value;
        // nextLong() is (high << 32) + low with low signed: a negative low borrowed one from high.
        var high = (int) (value >>> 32) + (low < 0 ? 1 : 0);
        var upper = !observed.equals(observed.toLowerCase(Locale.ROOT));
        for (long hidden = 0; hidden < 1 << 16; hidden++) {
            var state = ((high & 0xFFFFFFFFL) << 16) | hidden;
            var next = step(state);
            if ((int) (next >>> 16) == low) {
                var predicted = new ArrayList<String>();
                var current = next;
                for (var i = 0; i < count; i++) {
                    var first = step(current);
                    var second = step(first);
                    current = second;
                    var hex = HexFormat.of().toHexDigits(((long) (int) (first >>> 16) << 32) + (int) (second >>> 16));
                    predicted.add(upper ? hex.toUpperCase(Locale.ROOT) : hex);
                }
                return predicted;
            }
        }
        return List.of();
    }

    private static long step(long state) {
        return (state * MULTIPLIER + ADDEND) & MASK;
    }
}
