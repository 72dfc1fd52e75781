package dev.rampart.server.lessons;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.Kernel;
import dev.rampart.server.kernel.Kernels;
import dev.rampart.server.kernel.protocol.Diagnostic;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.notebook.Lesson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs a lesson top to bottom on one real kernel, as a learner pressing "run all" would, and
 * fails on the first cell that errors, naming the notebook, the cell and the error
 * ({@code 06-path-traversal.ipynb, cell 5 (build-site): java.nio.file.NoSuchFileException: ...}).
 *
 * <p>The kernel is bound to the lesson's kata first, as opening a lesson does. Then each cell:
 * a bound source cell binds again (the file must compile); a "run the attacks" cell runs the
 * suite (attacks falling on a starter is the point, so only a run that could not happen fails);
 * any other code cell is executed, and a compile error or an exception fails the lesson.
 */
final class LessonRunner {

    /** How long one step may take before the lesson fails; generous, so a loaded machine does not flake. */
    private final Duration stepLimit;
    private final Kernels kernels;

    LessonRunner(Kernels kernels, Duration stepLimit) {
        this.kernels = kernels;
        this.stepLimit = stepLimit;
    }

    /** What ran, and how long each step took (for the build's timing line). */
    record Run(String notebook, Duration kernel, List<Step> steps) {
        Run {
            steps = List.copyOf(steps);
        }

        Duration total() {
            return steps.stream().map(Step::took).reduce(kernel, Duration::plus);
        }

        String summary() {
            var slowest = steps.stream().sorted((a, b) -> b.took().compareTo(a.took())).limit(3)
                    .map(s -> s.what() + " " + seconds(s.took())).collect(Collectors.joining(", "));
            return notebook + ": " + steps.size() + " steps in " + seconds(total()) + " (kernel " + seconds(kernel)
                    + "; slowest: " + slowest + ")";
        }
    }

    /** One step: binding on open, or a cell. */
    record Step(String what, Duration took) {
    }

    /** A lesson that failed to run, with the notebook, the cell and the error in its message. */
    static final class LessonFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        LessonFailure(String message) {
            super(message);
        }
    }

    /**
     * Runs the lesson against the katas in {@code workspace} (a copy: cells and attack runs may
     * write there), on a kernel of its own that is shut down at the end.
     *
     * @throws LessonFailure on the first step that fails
     */
    Run run(String notebook, Lesson lesson, Path workspace) throws InterruptedException {
        long started = System.nanoTime();
        var kernel = kernels.acquire("lessons", workspace);
        try {
            var kernelTook = since(started);
            return new Run(notebook, kernelTook, steps(notebook, lesson, kernel));
        } finally {
            kernel.shutdown();
        }
    }

    /**
     * Runs the lesson on a kernel the caller holds (and shuts down), bound to the workspace the
     * caller acquired it for. For tests of the runner itself, which run several small lessons on
     * one kernel rather than start one for each.
     */
    Run run(String notebook, Lesson lesson, Kernel kernel) throws InterruptedException {
        return new Run(notebook, Duration.ZERO, steps(notebook, lesson, kernel));
    }

    private List<Step> steps(String notebook, Lesson lesson, Kernel kernel) throws InterruptedException {
        var steps = new ArrayList<Step>();
        var kata = Catalogue.read(kernel.workspace().resolve("README.md")).kata(lesson.kata());
        if (!(firstRunnable(lesson) instanceof Lesson.BoundSource)) {
            // Opening a lesson binds its kernel; when the first cell to run binds anyway, that is the same bind.
            steps.add(bind(notebook, "opening the lesson", kernel, kata));
        }
        for (var cell : lesson.cells()) {
            if (cell instanceof Lesson.BoundSource bound) {
                steps.add(bind(notebook, bound.describe(), kernel, kata));
            } else if (cell instanceof Lesson.RunAttacks attacks) {
                steps.add(attacks(notebook, attacks, kernel, kata));
            } else if (cell instanceof Lesson.Code code) {
                steps.add(execute(notebook, code, kernel));
            }
        }
        return steps;
    }

    private static Lesson.Cell firstRunnable(Lesson lesson) {
        return lesson.cells().stream().filter(cell -> !(cell instanceof Lesson.Text)).findFirst()
                .orElse(new Lesson.Text(0, "", ""));
    }

    private Step bind(String notebook, String what, Kernel kernel, Kata kata) throws InterruptedException {
        var events = new CopyOnWriteArrayList<Event>();
        long started = System.nanoTime();
        var reply = await(notebook, what, kernel, kernel.bind(kata, events::add));
        if (reply.status() != Status.OK) {
            var build = events.stream().filter(Event.KataBuild.class::isInstance).map(Event.KataBuild.class::cast).findFirst();
            var errors = build.map(b -> b.diagnostics().stream().map(Diagnostic::format).limit(5).collect(Collectors.joining("; ")))
                    .orElse("");
            throw failure(notebook, what, "kata " + kata.id() + " does not compile: " + (errors.isEmpty() ? failures(events) : errors));
        }
        return new Step(what, since(started));
    }

    private Step attacks(String notebook, Lesson.RunAttacks cell, Kernel kernel, Kata kata) throws InterruptedException {
        long started = System.nanoTime();
        var reply = await(notebook, cell.describe(), kernel, kernel.runAttacks(kata, event -> { }));
        if (reply.status() != Status.OK) {
            throw failure(notebook, cell.describe(), "the attacks could not run: " + reply.message());
        }
        if (reply.attacks() == 0) {
            throw failure(notebook, cell.describe(), "the suite of " + kata.id() + " ran no attack at all: is it compiled?");
        }
        return new Step(cell.describe() + " [" + reply.attacks() + " attacks]", since(started));
    }

    private Step execute(String notebook, Lesson.Code cell, Kernel kernel) throws InterruptedException {
        var events = new CopyOnWriteArrayList<Event>();
        long started = System.nanoTime();
        var reply = await(notebook, cell.describe(), kernel, kernel.execute(cell.source(), events::add));
        if (reply.status() != Status.OK) {
            throw failure(notebook, cell.describe(), failures(events));
        }
        return new Step(cell.describe(), since(started));
    }

    private <T extends Event.Reply> T await(String notebook, String what, Kernel kernel, CompletableFuture<T> reply)
            throws InterruptedException {
        try {
            return reply.get(stepLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kernel.interrupt();
            throw failure(notebook, what, "did not finish within " + stepLimit.toSeconds()
                    + " s; a lesson cell should take a second or two");
        } catch (ExecutionException e) {
            throw failure(notebook, what, "the kernel failed: " + e.getCause());
        }
    }

    /** The cell's error as a learner would read it: the exception or compiler message, then its first lines. */
    private static String failures(List<Event> events) {
        var failure = events.stream().filter(Event.Failure.class::isInstance).map(Event.Failure.class::cast).findFirst();
        if (failure.isEmpty()) {
            return "it failed without saying why (events: " + events + ")";
        }
        var f = failure.get();
        var head = f.evalue().isEmpty() ? f.ename() : f.ename() + ": " + f.evalue();
        var detail = f.traceback().stream().limit(6).map(String::strip).filter(line -> !line.isEmpty())
                .filter(line -> !line.equals(head)).collect(Collectors.joining(" | "));
        return detail.isEmpty() ? head : head + " | " + detail;
    }

    private static LessonFailure failure(String notebook, String what, String error) {
        return new LessonFailure(notebook + ", " + what + ": " + error);
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
