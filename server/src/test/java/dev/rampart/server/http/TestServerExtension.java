package dev.rampart.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Keeps one {@link TestServer} (and its signed-in {@link Browser}) in the test class's store: see {@link WithTestServer}. */
final class TestServerExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        var type = parameter.getParameter().getType();
        return type == TestServer.class || type == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        var store = classContext(context).getStore(NAMESPACE);
        var server = store.getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).server();
        if (parameter.getParameter().getType() == Browser.class) {
            return store.getOrComputeIfAbsent(Browser.class, key -> server.signIn(), Browser.class);
        }
        return server;
    }

    /** The class's context, from a test method's (or a parameterized invocation's). */
    private static ExtensionContext classContext(ExtensionContext context) {
        var at = context;
        while (at.getTestMethod().isPresent() && at.getParent().isPresent()) {
            at = at.getParent().get();
        }
        return at;
    }

    /** The server and the folder it serves; the store closes it when the class is done. */
    private record Running(Path sandbox, TestServer server) implements AutoCloseable {

        static Running start() {
            try {
                var sandbox = Files.createTempDirectory("rampart-http-");
                return new Running(sandbox, new TestServer(sandbox));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            try (Stream<Path> files = Files.walk(sandbox)) {
                for (var path : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
