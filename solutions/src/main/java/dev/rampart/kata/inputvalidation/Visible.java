package dev.rampart.kata.inputvalidation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.ibm.icu.text.UnicodeSet;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * No character Unicode says renders as nothing. Some of them are letters by category (the
 * Hangul fillers U+3164 and U+115F), so an allowlist of letters alone lets a blank name through.
 */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER})
@Constraint(validatedBy = Visible.Check.class)
@interface Visible {

    String message() default "use characters that show on screen";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<Visible, String> {
        private static final UnicodeSet INVISIBLE = new UnicodeSet("[:Default_Ignorable_Code_Point:]").freeze();

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || INVISIBLE.containsNone(value);
        }
    }
}
