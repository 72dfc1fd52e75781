package dev.rampart.proof;

/**
 * One broken rule of the kata contract, printed as a single line the developer can act on:
 * the kata, the case, and what happened.
 *
 * @param on which run or check found it; starter-side findings are the ones a learner's own
 *           edits explain
 */
record Violation(String kata, String where, String what, On on) {

    enum On { STRUCTURE, STARTER, SOLUTION, WRONG_FIX }

    Violation(String kata, String where, String what) {
        this(kata, where, what, On.STRUCTURE);
    }

    @Override
    public String toString() {
        return kata + " › " + where + ": " + what;
    }
}
