package dev.rampart.kata.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One exploit against the code under test. It must fail, by assertion, on the starter (the
 * exploit works) and pass on the solution (the exploit is blocked); the kata proof checks both.
 *
 * <p>The value is the case's display name, written as what the attacker does:
 * {@code @Attack("a sibling directory with the same prefix is served")}.
 * Honest-use tests stay plain {@code @Test}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Test
@Tag(Attack.TAG)
public @interface Attack {

    /** The tag every attack case carries; the proof, the progress table and the kernel read it. */
    String TAG = "attack";

    /** What the attacker does, as a sentence. */
    String value();
}
