package dev.rampart.server.lessons;

import dev.rampart.server.kernel.Kernels;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link Kernels} for every lesson test of the run, kept in the root store, which closes it
 * (and every kernel) at the end. Kernels are child JVMs; sharing the launcher means no test class
 * pays for a second pool.
 */
final class LessonKernels implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LessonKernels.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Kernels.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("kernels", key -> Kernels.start(Lessons.kernelSettings()), Kernels.class);
    }
}
