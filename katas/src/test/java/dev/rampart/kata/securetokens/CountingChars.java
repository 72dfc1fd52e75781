package dev.rampart.kata.securetokens;

/**
 * A token as the attacker presents it, counting how many of its characters the code under test
 * reads before it answers. A comparison that stops at the first wrong character reads more of a
 * guess whose beginning is right: that count is what a stopwatch measures from outside, made
 * exact and free of noise.
 *
 * <p>{@link #toString()} counts as reading every character (it copies them all); what the code
 * then does with the copy is out of sight, so a fix should compare without copying first.
 */
final class CountingChars implements CharSequence {

    private final String value;
    private final int[] reads;

    CountingChars(String value) {
        this(value, new int[1]);
    }

    private CountingChars(String value, int[] reads) {
        this.value = value;
        this.reads = reads;
    }

    /** Characters read so far, by this sequence and every sub-sequence taken from it. */
    int reads() {
        return reads[0];
    }

    @Override
    public int length() {
        return value.length();
    }

    @Override
    public char charAt(int index) {
        reads[0]++;
        return value.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new CountingChars(value.substring(start, end), reads);
    }

    @Override
    public String toString() {
        reads[0] += value.length();
        return value;
    }
}
