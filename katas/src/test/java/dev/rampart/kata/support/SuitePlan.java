package dev.rampart.kata.support;

import dev.rampart.contract.Payloads;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.provider.EmptySource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The cases a suite will run, known before the first one starts: one family per attack family
 * (a parameterized test, one case per payload of its file) and per plain test (a family of
 * one). A page can then show "0 of 75" at once, and group each case under its family.
 *
 * <p>JUnit's plan holds a parameterized test as one container: its cases are made only while it
 * runs. Their number comes from the source the suites use, counted the way the source counts
 * it: the lines of a {@link PayloadFile} (read with {@link Payloads}, as the provider reads
 * them), the values of a {@link ValueSource}. A family fed any other way is counted as unknown,
 * and the plan says it is not {@link #exact()}.
 *
 * @param families in the order of JUnit's plan
 * @param exact    whether every family's count is known
 */
public record SuitePlan(List<Family> families, boolean exact) {

    /**
     * One family of cases.
     *
     * @param id     the JUnit unique id of the parameterized test, or of the plain test
     * @param name   its display name (for attacks, what the attacker does)
     * @param attack whether its cases are attacks (else honest-use tests)
     * @param cases  how many cases it will have (0 when not known)
     */
    public record Family(String id, String name, boolean attack, int cases) {
    }

    public SuitePlan {
        families = List.copyOf(families);
    }

    /** The plan of the suite JUnit is about to run (from {@code testPlanExecutionStarted}). */
    public static SuitePlan of(TestPlan plan) {
        var families = new ArrayList<Family>();
        var exact = true;
        for (var root : plan.getRoots()) {
            for (var id : plan.getDescendants(root)) {
                if (id.isTest()) {
                    families.add(new Family(id.getUniqueId(), id.getDisplayName(), isAttack(id), 1));
                } else if (isParameterized(id)) {
                    var count = count(id);
                    exact &= count.isPresent();
                    families.add(new Family(id.getUniqueId(), id.getDisplayName(), isAttack(id), count.orElse(0)));
                }
            }
        }
        return new SuitePlan(families, exact);
    }

    /** Every case the plan counts. */
    public int cases() {
        return families.stream().mapToInt(Family::cases).sum();
    }

    /**
     * The position in {@link #families()} of the family a case belongs to: the plain test itself,
     * or the parameterized test that made it; empty for a case the plan did not foresee.
     */
    public Optional<Integer> familyOf(String caseId) {
        var index = indexById();
        var own = index.get(caseId);
        if (own != null) {
            return Optional.of(own);
        }
        var id = UniqueId.parse(caseId);
        return id.getSegments().size() > 1 ? Optional.ofNullable(index.get(id.removeLastSegment().toString())) : Optional.empty();
    }

    private Map<String, Integer> indexById() {
        var index = new LinkedHashMap<String, Integer>();
        for (var i = 0; i < families.size(); i++) {
            index.put(families.get(i).id(), i);
        }
        return index;
    }

    private static boolean isAttack(TestIdentifier id) {
        return id.getTags().stream().anyMatch(t -> t.getName().equals(Attack.TAG));
    }

    private static boolean isParameterized(TestIdentifier id) {
        return id.isContainer() && id.getSource().orElse(null) instanceof MethodSource source
                && method(source).map(m -> AnnotationSupport.isAnnotated(m, ParameterizedTest.class)).orElse(false);
    }

    /** The cases of a parameterized test, when every source feeding it is one this plan can count. */
    private static Optional<Integer> count(TestIdentifier id) {
        var found = method((MethodSource) id.getSource().orElseThrow());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        var method = found.get();
        var sources = AnnotationSupport.findRepeatableAnnotations(method, ArgumentsSource.class).size();
        var counted = 0;
        var cases = 0;
        var file = AnnotationSupport.findAnnotation(method, PayloadFile.class);
        if (file.isPresent()) {
            try {
                cases += Payloads.load(file.get().value()).payloads().size();
            } catch (RuntimeException e) {
                return Optional.empty(); // the run reports the broken file; the plan only cannot count it
            }
            counted++;
        }
        var values = AnnotationSupport.findAnnotation(method, ValueSource.class);
        if (values.isPresent()) {
            cases += values(values.get());
            counted++;
        }
        for (var single : List.of(NullSource.class, EmptySource.class)) {
            if (AnnotationSupport.isAnnotated(method, single)) {
                cases++;
                counted++;
            }
        }
        return counted == sources ? Optional.of(cases) : Optional.empty();
    }

    private static int values(ValueSource source) {
        return source.shorts().length + source.bytes().length + source.ints().length + source.longs().length
                + source.floats().length + source.doubles().length + source.chars().length + source.booleans().length
                + source.strings().length + source.classes().length;
    }

    private static Optional<Method> method(MethodSource source) {
        try {
            return Optional.of(source.getJavaMethod());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
