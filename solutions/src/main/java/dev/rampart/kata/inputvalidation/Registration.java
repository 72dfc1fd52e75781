package dev.rampart.kata.inputvalidation;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The sign-up form once its fields are bound to types; Bean Validation checks it.
 *
 * <p>Every text field says what it <em>may</em> hold (an allowlist) instead of what it may not:
 * {@code @NotBlank} and {@code @Email} alone let through names made of invisible characters,
 * an empty address and hosts with no domain. The fields arrive here already NFKC-normalised
 * (see {@link RegistrationService}), so the patterns see what the rest of the system will see.
 */
public record Registration(
        @NotNull
        @Pattern(regexp = Allowlists.USERNAME,
                message = "use 3 to 32 letters or digits, joined by '.', '_' or '-' if you like")
        @UnambiguousName
        String username,

        @NotNull
        @Size(max = 64, message = "use at most 64 characters")
        @Pattern(regexp = Allowlists.DISPLAY_NAME,
                message = "use letters, with single spaces, apostrophes, hyphens or dots between them")
        @Visible
        String displayName,

        @NotBlank
        @Size(max = 254, message = "use at most 254 characters")
        @Email
        @Pattern(regexp = Allowlists.EMAIL, message = "use an address like name@example.com")
        String email,

        @Min(value = 13, message = "you must be 13 or older to sign up")
        @Max(value = 120, message = "write your age in years")
        int age,

        @NotNull
        String password) {

    @Override
    public String toString() {
        return "Registration[username=" + username + ", displayName=" + displayName + ", email=" + email
                + ", age=" + age + ", password=(hidden)]";
    }
}
