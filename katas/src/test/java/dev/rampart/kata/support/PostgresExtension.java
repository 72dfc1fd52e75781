package dev.rampart.kata.support;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link WithPostgres}: finds the JVM's server, makes the class's schema,
 * and hands out a {@link DataSource} bound to it and the class's {@link DatabaseRoles}.
 *
 * <p>The schema lives in the outermost test class's store, which closes it (drops it) when the
 * class ends. It is made on first demand: with {@code @TestInstance(PER_CLASS)} the constructor
 * asks for the {@code DataSource} before any before-all callback has run.
 */
final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Fail the class once, up front, if there is no database, rather than each test in turn.
        schemaOf(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        return type == DataSource.class || type == DatabaseRoles.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var schema = schemaOf(context);
        return parameter.getParameter().getType() == DatabaseRoles.class ? schema.roles() : schema.dataSource();
    }

    private static TestSchema schemaOf(ExtensionContext context) {
        var owner = outermostClass(context);
        var testClass = owner.getRequiredTestClass();
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(TestSchema.class,
                key -> TestSchema.create(SharedPostgres.server(), testClass.getSimpleName()), TestSchema.class);
    }

    /** The context of the top-level class this context belongs to (nested classes share it). */
    private static ExtensionContext outermostClass(ExtensionContext context) {
        var owner = context;
        for (var at = context; at.getTestClass().isPresent(); at = at.getParent().orElseThrow()) {
            owner = at;
        }
        return owner;
    }
}
