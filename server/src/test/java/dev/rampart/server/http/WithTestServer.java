package dev.rampart.server.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One {@link TestServer} for the test class (the real app on a free port, over a temporary
 * workspace, with fake kernels), and a {@link Browser} signed in to it: the class takes either
 * as a constructor parameter (or a {@code @BeforeAll} method's). Made on first use, closed and
 * its folder removed when the class is done, like the katas' {@code @WithPostgres}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TestServerExtension.class)
@interface WithTestServer {
}
