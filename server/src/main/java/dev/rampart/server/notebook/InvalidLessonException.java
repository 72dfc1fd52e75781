package dev.rampart.server.notebook;

import java.util.List;

/** A notebook that claims to be a lesson but breaks Rampart's lesson convention (docs/lessons.md), with every problem found. */
public final class InvalidLessonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidLessonException(List<String> problems) {
        super("Not a valid Rampart lesson: " + String.join("; ", problems) + " (see docs/lessons.md)");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
