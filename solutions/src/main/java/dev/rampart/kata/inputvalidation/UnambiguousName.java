package dev.rampart.kata.inputvalidation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The username reads one way only: one script, one digit system, nothing invisible (see {@link Usernames}). */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = UnambiguousName.Check.class)
@interface UnambiguousName {

    String message() default "use letters from one alphabet, so the name cannot pass for someone else's";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<UnambiguousName, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Usernames.unambiguous(value);
        }
    }
}
