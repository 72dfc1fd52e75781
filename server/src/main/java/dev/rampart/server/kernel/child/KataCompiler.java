package dev.rampart.server.kernel.child;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.protocol.Diagnostic;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.Diagnostic.Kind;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Compiles the learner's current sources of one kata ({@code <workspace>/src/main/java/<package>})
 * with {@code javax.tools}, the way the katas module would, and fingerprints them so a kernel can
 * tell, cheaply and exactly, whether they changed since the last build.
 *
 * <p>Runs inside a kernel (it needs the JDK's compiler and the kernel's class path), never in the
 * server, which is why it lives with the kernel's child side. The sources are read once and both fingerprinted and compiled from those bytes, so a
 * build and its fingerprint always describe the same code.
 */
final class KataCompiler {

    private static final List<String> OPTIONS = List.of(
            "--release", "17", "-proc:none", "-implicit:none", "-g", "-parameters", "-encoding", "UTF-8", "-nowarn",
            "-Xlint:none");

    /**
     * What a build produced.
     *
     * @param classes     the output folder when the sources compiled
     * @param diagnostics the errors, each placed in its file (relative to the workspace)
     * @param fingerprint of the sources that were compiled
     */
    record Build(Optional<Path> classes, List<Diagnostic> diagnostics, String fingerprint) {
        Build {
            diagnostics = List.copyOf(diagnostics);
        }

        boolean ok() {
            return classes.isPresent();
        }
    }

    private record Source(Path file, String text) {
    }

    private KataCompiler() {
    }

    /** {@code <workspace>/src/main/java/dev/rampart/kata/<package>}. */
    static Path sources(Path workspace, Kata kata) {
        return workspace.resolve(kata.workspaceSources());
    }

    /** A digest of the kata's sources (names and contents); changes whenever any of them does. */
    static String fingerprint(Path workspace, Kata kata) {
        return fingerprint(read(workspace, kata));
    }

    /** Compiles the kata's sources into {@code out} (created, emptied of nothing). */
    static Build compile(Path workspace, Kata kata, Path out) {
        var sources = read(workspace, kata);
        var fingerprint = fingerprint(sources);
        if (sources.isEmpty()) {
            var where = workspace.relativize(sources(workspace, kata)).toString().replace('\\', '/');
            return new Build(Optional.empty(), List.of(new Diagnostic(where, 1, 1,
                    "no .java files here: restore the kata's starter (or check the workspace path)")), fingerprint);
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("This Java runtime has no compiler: run the kernels on a JDK, not a JRE");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + out, e);
        }
        var options = new ArrayList<String>(OPTIONS);
        options.addAll(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path", "")));
        var units = sources.stream().map(KataCompiler::unit).toList();
        var collector = new DiagnosticCollector<JavaFileObject>();
        var log = new StringWriter();
        try (var files = compiler.getStandardFileManager(collector, Locale.ENGLISH, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(log, files, collector, options, null, units).call();
            var errors = collector.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Kind.ERROR)
                    .map(d -> new Diagnostic(relative(workspace, d.getSource()), (int) Math.max(d.getLineNumber(), 1),
                            (int) Math.max(d.getColumnNumber(), 1), d.getMessage(Locale.ENGLISH)))
                    .toList();
            if (!ok && errors.isEmpty()) {
                errors = List.of(new Diagnostic("javac", 1, 1, log.toString().strip()));
            }
            return new Build(ok ? Optional.of(out) : Optional.empty(), errors, fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Source> read(Path workspace, Kata kata) {
        var dir = sources(workspace, kata);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            var list = new ArrayList<Source>();
            for (var file : files.filter(f -> f.getFileName().toString().endsWith(".java") && Files.isRegularFile(f))
                    .sorted().toList()) {
                list.add(new Source(file, Files.readString(file, StandardCharsets.UTF_8)));
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the kata's sources in " + dir, e);
        }
    }

    private static String fingerprint(List<Source> sources) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var source : sources) {
                digest.update(source.file().getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(source.text().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JavaFileObject unit(Source source) {
        return new SimpleJavaFileObject(source.file().toUri(), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source.text();
            }
        };
    }

    private static String relative(Path workspace, javax.tools.JavaFileObject source) {
        if (source == null) {
            return "javac";
        }
        try {
            return workspace.relativize(Path.of(URI.create(source.toUri().toString()))).toString().replace('\\', '/');
        } catch (RuntimeException e) {
            return source.getName();
        }
    }
}
