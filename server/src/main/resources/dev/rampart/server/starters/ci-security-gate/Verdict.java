package dev.rampart.kata.cisecuritygate;

import java.util.List;

/**
 * The gate's answer for one build.
 *
 * @param passed   whether the build may go on
 * @param blockers the findings that stop it
 * @param notes    what the gate could not use (a report it could not read, a suppression it ignored), for the log
 */
public record Verdict(boolean passed, List<Blocker> blockers, List<String> notes) {

    public Verdict {
        blockers = List.copyOf(blockers);
        notes = List.copyOf(notes);
    }
}
