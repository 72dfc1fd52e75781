package dev.rampart.kata.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Feeds a parameterized test from a payload file on the test classpath, one case per payload
 * (see {@link dev.rampart.contract.Payloads} for the file format). A line holding a tab gives one argument per
 * tab-separated column.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ArgumentsSource(PayloadFileProvider.class)
public @interface PayloadFile {

    /** Classpath resource, e.g. {@code "path-traversal/encoded-dots.txt"}. */
    String value();
}
