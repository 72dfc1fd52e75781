package dev.rampart.kata.hardcodedsecrets;

/** A required environment variable is not set; {@link #variable()} names it. */
public final class MissingSettingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String variable;

    public MissingSettingException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The environment variable to set. */
    public String variable() {
        return variable;
    }
}
