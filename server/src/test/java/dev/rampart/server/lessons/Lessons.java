package dev.rampart.server.lessons;

import dev.rampart.server.kernel.KernelSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** What the lesson tests share: where the repository is, the kernels' settings, workspace copies. */
final class Lessons {

    /**
     * Per step, a safety net against a hung cell, not a speed check: a lesson cell takes a second
     * or two, but least-privilege-db's 105 attacks on PostgreSQL took 89 s on a machine loaded
     * with other builds (load 24 on 2 cores), so the net sits well above that.
     */
    static final Duration STEP_LIMIT = Duration.ofSeconds(300);

    private Lessons() {
    }

    /** The repository root: the build says where ({@code rampart.repository}); else the server module's parent. */
    static Path repository() {
        return Path.of(System.getProperty("rampart.repository", "..")).toAbsolutePath().normalize();
    }

    /**
     * How many lessons run at once: one per core. Each runs on a kernel of its own (a database
     * lesson's kernel starts a PostgreSQL of its own too), so lessons share nothing but the cores.
     */
    static int atOnce() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A kernel for each lesson running, started on demand: a kernel waiting in a pool would only
     * take memory and a core from the ones running.
     */
    static KernelSettings kernelSettings() {
        return KernelSettings.defaults().with(new KernelSettings.Pool(0, atOnce() + 1, atOnce() + 1));
    }

    /**
     * The lesson notebooks in {@code folder}, in catalogue order (their names start with the kata's
     * number); {@code -Dlesson=sql-injection} keeps only the lessons whose file name contains it, so
     * whoever writes one lesson runs just that one.
     */
    static List<Path> notebooks(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        var only = System.getProperty("lesson", "");
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".ipynb") && name.contains(only))
                    .sorted()
                    .map(folder::resolve)
                    .toList();
        }
    }

    /**
     * Copies what a kernel needs of the workspace {@code katas} (the catalogue and the starters'
     * sources) into {@code into}, so the lesson's cells and attack runs never touch the learner's files.
     */
    static Path copyWorkspace(Path katas, Path into) throws IOException {
        Files.copy(katas.resolve("README.md"), into.resolve("README.md"));
        var sources = katas.resolve(Path.of("src", "main", "java"));
        try (Stream<Path> files = Files.walk(sources)) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                var target = into.resolve("src/main/java").resolve(sources.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return into;
    }
}
