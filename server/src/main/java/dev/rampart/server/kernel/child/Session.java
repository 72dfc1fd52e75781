package dev.rampart.server.kernel.child;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.protocol.Diagnostic;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import dev.rampart.server.kernel.protocol.Request;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The kernel's state and the handling of each request, on the kernel's worker thread.
 *
 * <p>A kata binding is kept fresh before every cell: if the sources' fingerprint changed, they
 * are compiled into a new folder and the shell is rebuilt on a new class loader, replaying the
 * snippets that had run (see docs/kernels.md for why this beats restarting the process). If they
 * do not compile, cells are refused with the compiler's errors rather than run on stale classes.
 */
final class Session {

    /** A bound kata: its sources' fingerprint, and their classes or, when they do not compile, the errors. */
    private record Binding(Kata kata, Path workspace, String fingerprint, Optional<Path> classes,
                           List<Diagnostic> errors) {
    }

    /** The classes the last attack run compiled, kept while their sources stay as they were. */
    private record AttackBuild(String kata, Path workspace, String fingerprint, Path classes) {
    }

    private final Outputs out;
    private final Path scratch;
    private final PrintStream diagnostics;
    private final AtomicLong interrupts = new AtomicLong();
    private volatile Shell shell;
    private volatile Thread attackThread;
    private Optional<Binding> binding = Optional.empty();
    private Optional<AttackBuild> attackBuild = Optional.empty();
    private int executionCount;
    private int builds;

    Session(Outputs out, Path scratch, PrintStream diagnostics) {
        this.out = out;
        this.scratch = scratch;
        this.diagnostics = diagnostics;
        this.shell = new Shell(List.of(), diagnostics);
        Display.publishTo(out::display);
    }

    void warmUp() {
        shell.warmUp();
    }

    /** Counts interrupts; a request queued before the latest one is dropped. */
    long generation() {
        return interrupts.get();
    }

    /** From the reader thread: stop what runs now; {@link #handle} drops what was queued. */
    void interrupt() {
        interrupts.incrementAndGet();
        shell.stop();
        var attacks = attackThread;
        if (attacks != null) {
            attacks.interrupt();
        }
    }

    /** Asks the running snippet to stop again (the first attempt can race its start). */
    void stopAgain() {
        shell.stop();
    }

    void handle(Request request, long generation) {
        BooleanSupplier interrupted = () -> interrupts.get() != generation;
        if (request instanceof Request.Execute execute) {
            execute(execute, interrupted);
        } else if (request instanceof Request.Complete complete) {
            out.publish(shell.complete(complete.id(), complete.code(), complete.cursor()));
        } else if (request instanceof Request.Inspect inspect) {
            out.publish(shell.inspect(inspect.id(), inspect.code(), inspect.cursor()));
        } else if (request instanceof Request.Bind bind) {
            bind(bind, interrupted);
        } else if (request instanceof Request.RunAttacks run) {
            runAttacks(run, interrupted);
        }
        // Interrupt and Shutdown never reach the queue: the reader thread acts on them at once.
    }

    private void execute(Request.Execute request, BooleanSupplier interrupted) {
        out.begin(request.id());
        if (interrupted.getAsBoolean()) {
            out.publish(new Event.ExecuteReply(request.id(), Status.ABORTED, executionCount));
            return;
        }
        int count = ++executionCount;
        if (!refresh(request.id(), interrupted)) {
            var bound = binding.orElseThrow();
            // The errors again, not only in the build event: a cell run long after the build
            // that failed must still say what to fix.
            var traceback = new ArrayList<String>();
            traceback.add("The cell did not run: it would have used a stale copy of the kata's classes.");
            bound.errors().forEach(d -> traceback.add(d.format()));
            out.publish(new Event.Failure(request.id(), "KataDoesNotCompile",
                    "The sources of kata " + bound.kata().id() + " do not compile; fix them and run the cell again",
                    traceback, bound.errors()));
            out.publish(new Event.ExecuteReply(request.id(), Status.ERROR, count));
            return;
        }
        var status = shell.run(request.code(), count, request.id(), out, interrupted);
        out.publish(new Event.ExecuteReply(request.id(), status, count));
    }

    private void bind(Request.Bind request, BooleanSupplier interrupted) {
        out.begin(request.id());
        binding = Optional.of(new Binding(request.kata().toKata(), Path.of(request.workspace()), "", Optional.empty(),
                List.of()));
        boolean ok = refresh(request.id(), interrupted);
        out.publish(new Event.BindReply(request.id(), ok ? Status.OK : Status.ERROR));
    }

    /**
     * Makes sure the shell sees the bound kata's current sources.
     *
     * @return false when they do not compile (a {@link Event.KataBuild} with the errors was sent)
     */
    private boolean refresh(String parent, BooleanSupplier interrupted) {
        if (binding.isEmpty()) {
            return true;
        }
        var bound = binding.get();
        var fingerprint = KataCompiler.fingerprint(bound.workspace(), bound.kata());
        if (fingerprint.equals(bound.fingerprint())) {
            return bound.classes().isPresent();
        }
        var build = KataCompiler.compile(bound.workspace(), bound.kata(),
                scratch.resolve("kata").resolve(bound.kata().id() + "-" + (++builds)));
        if (!build.ok()) {
            bound.classes().ifPresent(Session::deleteQuietly);
            binding = Optional.of(new Binding(bound.kata(), bound.workspace(), build.fingerprint(), Optional.empty(),
                    build.diagnostics()));
            out.publish(new Event.KataBuild(parent, bound.kata().id(), Status.ERROR, build.diagnostics(), 0, List.of()));
            return false;
        }
        var old = shell;
        var history = old.history();
        var rebuilt = new Shell(List.of(build.classes().get()), diagnostics);
        shell = rebuilt;
        var notes = new ArrayList<>(rebuilt.replay(history, out, interrupted));
        if (old.historyOverflowed()) {
            notes.add("the session was too long to replay in full; run the earlier cells again");
        }
        old.close();
        bound.classes().ifPresent(Session::deleteQuietly);
        binding = Optional.of(new Binding(bound.kata(), bound.workspace(), build.fingerprint(), build.classes(),
                List.of()));
        out.publish(new Event.KataBuild(parent, bound.kata().id(), Status.OK, List.<Diagnostic>of(), history.size(), notes));
        return true;
    }

    private void runAttacks(Request.RunAttacks request, BooleanSupplier interrupted) {
        out.begin(request.id());
        if (interrupted.getAsBoolean()) {
            out.publish(new Event.AttacksReply(request.id(), Status.ABORTED, request.kata().id(), 0, 0, 0, 0, 0,
                    "interrupted before it started"));
            return;
        }
        attackThread = Thread.currentThread();
        Event.AttacksReply reply;
        try {
            reply = SuiteRun.run(request, () -> attackBuild(Path.of(request.workspace()), request.kata().toKata()), out::publish);
        } finally {
            attackThread = null;
            Thread.interrupted(); // an interrupt aimed at the run must not leak into the next request
        }
        out.publish(reply);
    }

    /**
     * The kata's classes for an attack run: those of the last run while the sources are unchanged
     * (as Maven skips compiling an up-to-date module), else a fresh build that replaces them. The
     * fingerprint is of the sources' exact bytes, so an edit, however small, is compiled.
     */
    private KataCompiler.Build attackBuild(Path workspace, Kata kata) {
        var fingerprint = KataCompiler.fingerprint(workspace, kata);
        var last = attackBuild.filter(b -> b.kata().equals(kata.id()) && b.workspace().equals(workspace) && b.fingerprint().equals(fingerprint));
        if (last.isPresent()) {
            return new KataCompiler.Build(Optional.of(last.get().classes()), List.of(), fingerprint);
        }
        attackBuild.ifPresent(old -> deleteQuietly(old.classes()));
        attackBuild = Optional.empty();
        var dir = scratch.resolve("attacks").resolve(String.valueOf(++builds));
        var build = KataCompiler.compile(workspace, kata, dir);
        if (build.ok()) {
            attackBuild = Optional.of(new AttackBuild(kata.id(), workspace, build.fingerprint(), dir));
        } else {
            deleteQuietly(dir);
        }
        return build;
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover folder in the kernel's scratch space is removed with the kernel
        }
    }
}
