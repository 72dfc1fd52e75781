package dev.rampart.server.browser;

import dev.rampart.kata.support.Chromium;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Keeps the costly parts (the server, Chromium) once in the root store, which closes them at
 * the end of the run, and gives each test its own {@link Tabs}, checked and closed after the
 * test, and its own kernels (those the test started are shut down after it).
 */
final class BrowserExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        return type == RampartServer.class || type == Tabs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == RampartServer.class) {
            return server(context);
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Tabs.class, type -> new Tabs(chromium(context).browser(), server(context),
                Path.of(System.getProperty("rampart.screenshots", "target/screenshots"))), Tabs.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        var tabs = context.getStore(NAMESPACE).remove(Tabs.class, Tabs.class);
        try {
            if (tabs != null && context.getExecutionException().isEmpty()) {
                tabs.assertClean();
            }
        } finally {
            // The tabs first, so no page sees its kernel go; then the kernels, so the next test starts clean.
            if (tabs != null) {
                tabs.close();
            }
            server(context).shutDownKernels();
        }
    }

    private static RampartServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RampartServer.class, type -> new RampartServer(), RampartServer.class);
    }

    private static Chromium chromium(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Chromium.class, type -> BrowserTests.chromium(), Chromium.class);
    }
}
