package dev.rampart.kata.support;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.util.Optional;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * The learner's loop: {@code -Dkata=path-traversal} keeps that kata's suite and nothing else;
 * {@code -Dkata=all} (or no property) keeps everything. An unknown id stops the run with the
 * list of known ones. Registered through {@code META-INF/services}.
 */
public final class KataSelection implements PostDiscoveryFilter {

    public static final String PROPERTY = "kata";

    private final Optional<Kata> selected;

    public KataSelection() {
        var id = System.getProperty(PROPERTY, "").strip();
        selected = id.isEmpty() || id.equals("all") ? Optional.empty() : Optional.of(Catalogue.current().kata(id));
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (selected.isEmpty()) {
            return FilterResult.included("every kata");
        }
        var pkg = selected.get().packageName();
        var className = descriptor.getSource().map(source -> source instanceof MethodSource m ? m.getClassName()
                : source instanceof ClassSource c ? c.getClassName() : "").orElse("");
        return className.isEmpty() || className.startsWith(pkg + ".")
                ? FilterResult.included("in kata " + selected.get().id())
                : FilterResult.excluded("not in kata " + selected.get().id());
    }
}
