package dev.rampart.kata.redos;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The text under test, as a {@link CharSequence} that counts every character the validator
 * reads and stops the reading once it passes a budget.
 *
 * <p>A runaway {@code java.util.regex.Matcher} cannot be interrupted: it never looks at the
 * thread's interrupt flag. It does call {@link #charAt} for every character it tries, so this is
 * where it can be stopped: past the budget (or, as a safety net only, past a generous deadline)
 * every read throws {@link Stopped}, an {@link Error} so that a {@code catch (Exception e)} in
 * the code under test does not swallow it. Whether the budget was passed is remembered, so a
 * validator that catches even errors is still caught.
 *
 * <p>{@link #subSequence} and {@link #toString} are charged one step per character they copy.
 */
final class MeteredText implements CharSequence {

    /** Thrown from {@link #charAt} once the budget or the deadline is passed. */
    static final class Stopped extends Error {
        private static final long serialVersionUID = 1L;

        Stopped(String why) {
            super(why, null, false, false);
        }
    }

    private final String text;
    private final long budget;
    private final long deadline;
    private final AtomicLong steps = new AtomicLong();
    private volatile String stoppedBecause;

    MeteredText(String text, long budget, long deadlineNanos) {
        this.text = text;
        this.budget = budget;
        this.deadline = deadlineNanos;
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public char charAt(int index) {
        charge(1);
        return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        charge(Math.max(0, end - start));
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        charge(text.length());
        return text;
    }

    /** Characters read so far. */
    long steps() {
        return steps.get();
    }

    long budget() {
        return budget;
    }

    /** Why the reading was stopped, or null if it never was. */
    String stoppedBecause() {
        return stoppedBecause;
    }

    private void charge(long count) {
        long done = steps.addAndGet(count);
        if (stoppedBecause != null) {
            throw new Stopped(stoppedBecause);
        }
        if (done > budget) {
            stoppedBecause = "read more than " + budget + " characters";
            throw new Stopped(stoppedBecause);
        }
        if ((done & 0x3ff) == 0 && System.nanoTime() - deadline > 0) {
            stoppedBecause = "still reading at the safety net's deadline";
            throw new Stopped(stoppedBecause);
        }
    }
}
