package dev.rampart.kata.inputvalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a password must look like before an account is created with it. */
public final class PasswordPolicy {

    private static final int MIN_LENGTH = 12;
    private static final Pattern UPPER = Pattern.compile("[A-Z]");
    private static final Pattern LOWER = Pattern.compile("[a-z]");
    private static final Pattern DIGIT = Pattern.compile("[0-9]");
    private static final Pattern SPECIAL = Pattern.compile("[!@#$%^&*()\\-_=+\\[\\]{}|;:,.<>?]");

    /** The rules the password breaks; empty when it is good enough. */
    public List<String> problems(Registration registration) {
        var password = Objects.requireNonNullElse(registration.password(), "");
        var problems = new ArrayList<String>();
        if (password.length() < MIN_LENGTH) {
            problems.add("password: use at least " + MIN_LENGTH + " characters");
        }
        if (!UPPER.matcher(password).find()) {
            problems.add("password: add an uppercase letter");
        }
        if (!LOWER.matcher(password).find()) {
            problems.add("password: add a lowercase letter");
        }
        if (!DIGIT.matcher(password).find()) {
            problems.add("password: add a digit");
        }
        if (!SPECIAL.matcher(password).find()) {
            problems.add("password: add a special character such as ! or #");
        }
        return problems;
    }
}
