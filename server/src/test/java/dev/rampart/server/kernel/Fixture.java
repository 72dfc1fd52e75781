package dev.rampart.server.kernel;

import dev.rampart.contract.Kata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/**
 * A miniature kata ({@code fixture-echo}) for the kernel's tests, so they do not depend on the
 * real katas: a workspace to copy (catalogue and starter) and its suite, compiled once per JVM
 * into a folder that holds the suite's classes only (as the katas' build produces them).
 */
final class Fixture {

    static final Kata KATA = new Kata(99, "fixture-echo", "Greet without echoing markup");
    static final String SOURCE = "src/main/java/dev/rampart/kata/fixtureecho/Greeter.java";

    private static Path suites;

    private Fixture() {
    }

    static Path template() {
        try {
            return Path.of(Fixture.class.getResource("/fixture-workspace/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh copy of the workspace (catalogue and starter) in {@code dir}. */
    static Path workspace(Path dir) {
        var from = template();
        try (Stream<Path> files = Files.walk(from)) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                var relative = from.relativize(file);
                if (relative.startsWith("src/test")) {
                    continue;
                }
                var target = dir.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's compiled suite (its classes only, not the starter's). */
    static synchronized Path suites() {
        if (suites == null) {
            try {
                var out = Files.createTempDirectory("rampart-fixture-suites");
                var from = template();
                var sources = Files.walk(from.resolve("src/test/java")).filter(p -> p.toString().endsWith(".java"))
                        .map(Path::toString).toList();
                var args = new java.util.ArrayList<>(List.of("-d", out.toString(), "-implicit:none", "-proc:none",
                        "-classpath", System.getProperty("java.class.path"),
                        "-sourcepath", from.resolve("src/main/java").toString()));
                args.addAll(sources);
                int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
                if (status != 0) {
                    throw new IllegalStateException("The fixture suite does not compile");
                }
                out.toFile().deleteOnExit();
                suites = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return suites;
    }

    static void write(Path workspace, String file, String content) {
        try {
            Files.writeString(workspace.resolve(file), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The starter with {@code greet} and {@code version} replaced. */
    static String greeter(String greetBody, String version) {
        return """
                package dev.rampart.kata.fixtureecho;

                public final class Greeter {

                    public String greet(String name) {
                        %s
                    }

                    public static String version() {
                        return "%s";
                    }
                }
                """.formatted(greetBody, version);
    }
}
