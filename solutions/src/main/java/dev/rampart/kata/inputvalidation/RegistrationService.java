package dev.rampart.kata.inputvalidation;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Signs people up. The form arrives as the browser sent it, every field a string
 * ({@code username}, {@code displayName}, {@code email}, {@code age}, {@code password}).
 *
 * <p>The whole check happens here, at the boundary, in a fixed order: normalise (NFKC), bind
 * strictly, validate against allowlists, then the rules that need the directory (no username
 * that looks like one already taken). Nothing is repaired: a field that does not match is
 * refused, with a message saying what would.
 */
public final class RegistrationService {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    private static final Pattern AGE = Pattern.compile(Allowlists.AGE);

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
        var registration = new Registration(
                text(form, "username", Usernames::canonical),
                text(form, "displayName", RegistrationService::nfkc),
                text(form, "email", RegistrationService::nfkc),
                age(form.get("age")),
                text(form, "password", RegistrationService::nfkc));
        var problems = new ArrayList<String>();
        for (var violation : VALIDATOR.validate(registration)) {
            problems.add(violation.getPropertyPath() + ": " + violation.getMessage());
        }
        if (problems.isEmpty()) {
            // Only once the other fields are sound: the policy reads them to spot personal passwords.
            problems.addAll(passwordPolicy.problems(registration));
        }
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new RegistrationRejected(problems);
        }
        synchronized (accounts) {
            requireDistinct(registration.username());
            var account = new Account(registration.username(), registration.displayName(), registration.email(),
                    registration.age());
            accounts.add(account);
            return account;
        }
    }

    /** Refuses a username that reads like an existing one: "adrnin", "ɑdmin" (Latin alpha) and "ADMIN" all read "admin". */
    private void requireDistinct(String username) {
        var skeleton = Usernames.skeleton(username);
        if (accounts.all().stream().anyMatch(a -> Usernames.skeleton(a.username()).equals(skeleton))) {
            throw new RegistrationRejected(List.of("username: taken, or too like one that is; pick another"));
        }
    }

    /**
     * Strict binding: digits and nothing else. Lenient parsers turn "42; DROP TABLE users",
     * "٤٢" or "4294967338" into 42 and the check after them never sees what was sent.
     */
    private static int age(String value) {
        if (value == null || !AGE.matcher(value).matches()) {
            throw new RegistrationRejected(List.of("age: write your age in years with the digits 0-9, like 42"));
        }
        return Integer.parseInt(value);
    }

    /** A text field, normalised; a field the form left out stays absent, for {@code @NotNull} to report. */
    private static String text(Map<String, String> form, String name, UnaryOperator<String> normalise) {
        var value = form.get(name);
        return value == null ? null : normalise.apply(value);
    }

    /**
     * One spelling per text: NFKC turns compatibility forms (full-width letters, ligatures,
     * non-breaking spaces) into the plain characters they stand for before anything is checked.
     */
    private static String nfkc(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC);
    }
}
