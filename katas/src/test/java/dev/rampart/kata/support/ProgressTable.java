package dev.rampart.kata.support;

import dev.rampart.contract.CaseResult;
import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * With {@code -Dkata=all}, prints one line per kata when the run ends: attacks blocked out of
 * the total, and whether the honest-use tests still pass. Silent otherwise. Registered through
 * {@code META-INF/services}.
 */
public final class ProgressTable implements TestExecutionListener {

    private final boolean active = "all".equals(System.getProperty(KataSelection.PROPERTY));
    private final Map<String, List<CaseResult>> byKata = new LinkedHashMap<>();
    private Catalogue catalogue;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (active) {
            catalogue = Catalogue.current();
            catalogue.katas().forEach(k -> byKata.put(k.id(), new ArrayList<>()));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (active && id.isTest()) {
            kataOf(id).ifPresent(kata -> byKata.get(kata.id()).add(CaseResults.of(id, id.getDisplayName(), result)));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (active) {
            print(System.out);
        }
    }

    private Optional<Kata> kataOf(TestIdentifier id) {
        return id.getSource().map(s -> s instanceof MethodSource m ? m.getClassName()
                        : s instanceof ClassSource c ? c.getClassName() : "")
                .flatMap(catalogue::kataOf);
    }

    void print(PrintStream out) {
        out.println();
        out.println(format(catalogue, byKata));
    }

    /** The table itself, kept apart from I/O so it can be tested. */
    static String format(Catalogue catalogue, Map<String, List<CaseResult>> byKata) {
        var lines = new ArrayList<String>();
        var width = catalogue.katas().stream().mapToInt(k -> k.id().length()).max().orElse(4) + 2;
        lines.add(pad("kata", width) + pad("attacks blocked", 18) + "honest tests");
        lines.add("-".repeat(width + 18 + 12));
        for (var kata : catalogue.katas()) {
            var cases = byKata.getOrDefault(kata.id(), List.of());
            var attacks = cases.stream().filter(CaseResult::isAttack).toList();
            var honest = cases.stream().filter(c -> !c.isAttack()).toList();
            var blocked = attacks.stream().filter(CaseResult::passed).count();
            var honestOk = honest.stream().filter(CaseResult::passed).count();
            var state = attacks.isEmpty() ? "not run"
                    : blocked == attacks.size() && honestOk == honest.size() ? "solved"
                    : honestOk < honest.size() ? "feature broken" : "";
            lines.add(pad(kata.id(), width) + pad(blocked + " / " + attacks.size(), 18)
                    + pad(honestOk == honest.size() ? "ok" : (honest.size() - honestOk) + " broken", 16) + state);
        }
        return String.join(System.lineSeparator(), lines);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
