package dev.rampart.kata.support;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGenerator;

/**
 * Names attack cases after what the attacker does (the value of {@link Attack} or
 * {@link AttackFamily}); everything else keeps JUnit's standard names. Registered as the
 * default generator in {@code junit-platform.properties}, so suites need no extra annotation.
 */
public final class AttackNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method method) {
        var attack = method.getAnnotation(Attack.class);
        if (attack != null) {
            return attack.value();
        }
        var family = method.getAnnotation(AttackFamily.class);
        if (family != null) {
            return family.value();
        }
        return super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, method);
    }
}
