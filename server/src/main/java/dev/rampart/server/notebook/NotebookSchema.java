package dev.rampart.server.notebook;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official nbformat 4.5 JSON schema (vendored beside this class, see its README), checked
 * by networknt's json-schema-validator. Nothing here validates by hand: if the schema says a
 * notebook is valid, it is.
 *
 * <p>Thread-safe: the compiled schema is immutable.
 */
public final class NotebookSchema {

    static final String RESOURCE = "nbformat.v4.5.schema.json";
    private static final int MAX_PROBLEMS = 10;

    private final Schema schema;

    private NotebookSchema(Schema schema) {
        this.schema = schema;
    }

    public static NotebookSchema load() {
        try (var in = NotebookSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The nbformat schema " + RESOURCE + " is missing from the server's classpath: rebuild the server");
            }
            return new NotebookSchema(SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the nbformat schema", e);
        }
    }

    /** What is wrong with {@code json} as an nbformat 4.5 notebook; empty when it is valid. */
    public List<String> problems(String json) {
        return schema.validate(json, InputFormat.JSON).stream()
                .limit(MAX_PROBLEMS)
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
    }

    /** @throws InvalidNotebookException listing the schema's complaints */
    public void check(String json) {
        var problems = problems(json);
        if (!problems.isEmpty()) {
            throw new InvalidNotebookException(problems);
        }
    }
}
