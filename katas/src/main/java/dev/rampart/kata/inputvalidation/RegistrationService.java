package dev.rampart.kata.inputvalidation;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.text.NumberFormat;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signs people up. The form arrives as the browser sent it, every field a string
 * ({@code username}, {@code displayName}, {@code email}, {@code age}, {@code password}).
 */
public final class RegistrationService {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private final Accounts accounts;
    private final PasswordPolicy passwordPolicy = new PasswordPolicy();

    public RegistrationService(Accounts accounts) {
        this.accounts = accounts;
    }

    /**
     * Creates the account the form describes.
     *
     * @throws RegistrationRejected when a field is invalid or the username is taken
     */
    public Account register(Map<String, String> form) {
        var registration = new Registration(form.get("username"), form.get("displayName"), form.get("email"),
                age(form.get("age")), form.get("password"));
        var problems = new ArrayList<String>();
        for (var violation : VALIDATOR.validate(registration)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        problems.addAll(passwordPolicy.problems(registration));
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new RegistrationRejected(problems);
        }
        if (accounts.find(registration.username()).isPresent()) {
            throw new RegistrationRejected(List.of("username: " + registration.username() + " is taken, pick another"));
        }
        var account = new Account(registration.username(), registration.displayName(), registration.email(),
                registration.age());
        accounts.add(account);
        return account;
    }

    private static int age(String value) {
        if (value == null) {
            throw new RegistrationRejected(List.of("age: is required"));
        }
        try {
            return NumberFormat.getIntegerInstance(Locale.US).parse(value.trim()).intValue();
        } catch (ParseException e) {
            throw new RegistrationRejected(List.of("age: write a number, like 42"));
        }
    }
}
