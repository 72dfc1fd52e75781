package dev.rampart.kata.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real PostgreSQL: declare a {@link javax.sql.DataSource} parameter
 * (constructor, test or lifecycle method) and it is connected to a schema of the class's own.
 *
 * <pre>{@code
 * @WithPostgres
 * class UserRepositoryTest {
 *     UserRepositoryTest(DataSource db) { ... }
 * }
 * }</pre>
 *
 * <p>One server serves the whole test JVM: embedded by default, {@code RAMPART_DB_URL} for a
 * server you run, {@code -Drampart.db=testcontainers} for a container (see {@link PostgresSource}).
 * Each class gets a fresh, empty schema, dropped when the class ends, so classes never see
 * each other's tables; nested classes share their outer class's schema.
 *
 * <p>A {@link DatabaseRoles} parameter gives the class login roles of its own (roles belong to the
 * whole cluster), dropped with everything they own when the class ends.
 *
 * <p>Connections search the class's schema first and {@code pg_catalog} after it. PostgreSQL
 * searches {@code pg_catalog} first unless the path names it, so naming it last lets a suite
 * stand in for a built-in function (a probe that records a call instead of making it). Do not
 * copy that order into an application: there it lets whoever can create functions shadow the
 * built-ins.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {
}
