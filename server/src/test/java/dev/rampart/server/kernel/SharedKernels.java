package dev.rampart.server.kernel;

import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link Kernels} for the whole test run (kernels are child JVMs: starting them is the cost
 * to share), kept in the root store, which closes it at the end. Its kernels have a small output
 * budget so the hostile tests run quickly.
 */
final class SharedKernels implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKernels.class);

    static KernelSettings settings() {
        var defaults = KernelSettings.defaults();
        return defaults
                .with(new KernelSettings.Pool(2, 24, 24))
                .with(new KernelSettings.Limits(192, 64_000, defaults.limits().maxThreads()))
                // The grace must cover compiling the cell's next snippet, which an interrupt can
                // land before: about 0.1 s, but seconds on a machine loaded with other builds.
                .with(defaults.timeouts().withInterruptGrace(Duration.ofSeconds(5)))
                .with(defaults.launch().withSuiteClasses(Fixture.suites()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kernels.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("kernels", key -> Kernels.start(settings()), Kernels.class);
    }
}
