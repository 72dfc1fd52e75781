package dev.rampart.kata.inputvalidation;

import java.util.List;

/** The form was refused; {@link #problems()} says what to change, one line per field. */
public final class RegistrationRejected extends RuntimeException {

    private final List<String> problems;

    public RegistrationRejected(List<String> problems) {
        super("Registration refused: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
