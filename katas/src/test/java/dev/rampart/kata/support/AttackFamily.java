package dev.rampart.kata.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A family of exploits fed from a payload file: each payload is one attack case, proven like
 * an {@link Attack}. Pair it with {@link PayloadFile}:
 *
 * <pre>{@code
 * @AttackFamily("encoded dots climb out of the folder")
 * @PayloadFile("path-traversal/encoded-dots.txt")
 * void encodedDots(String payload) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ParameterizedTest(name = "{arguments}")
@Tag(Attack.TAG)
public @interface AttackFamily {

    /** What the attacker does with each payload, as a sentence. */
    String value();
}
