package dev.rampart.kata.inputvalidation;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The sign-up form once its fields are bound to types; Bean Validation checks it. */
public record Registration(
        @NotBlank @Size(min = 3, max = 32) String username,
        @NotBlank String displayName,
        @Email String email,
        int age,
        @NotBlank String password) {

    @Override
    public String toString() {
        return "Registration[username=" + username + ", displayName=" + displayName + ", email=" + email
                + ", age=" + age + ", password=(hidden)]";
    }
}
