package dev.rampart.server.dojo;

import dev.rampart.server.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One timed exercise: one kata, a time box that starts when the candidate first opens their
 * link, and everything the report needs (each run of the attacks with every case, each cell
 * run, when). When the time is up, or the interviewer ends it, the work freezes: the lock
 * refuses every change and run, and the listeners stop the candidate's kernels. The clock is
 * injected, so tests move time instead of waiting. Thread-safe.
 */
public final class Interview {

    public static final Principal CANDIDATE = new Principal(Principal.Role.CANDIDATE, "candidate");
    public static final Principal INTERVIEWER = new Principal(Principal.Role.INTERVIEWER, "interviewer");

    /** One case of a run. */
    public record Case(String name, boolean attack, boolean passed) {
    }

    /** One run of the attacks. */
    public record Run(Instant at, int blocked, int attacks, int honestPassed, int honest, List<Case> cases, Optional<String> aborted) {
    }

    /** One cell run. */
    public record Cell(Instant at, String code) {
    }

    private final String kata;
    private final Duration limit;
    private final Clock clock;
    private final List<Run> runs = new ArrayList<>();
    private final List<Cell> cells = new ArrayList<>();
    private final List<Runnable> onFreeze = new CopyOnWriteArrayList<>();
    private Optional<Instant> started = Optional.empty();
    private Optional<Instant> frozenAt = Optional.empty();

    public Interview(String kata, Duration limit, Clock clock) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("The time box must be at least a minute");
        }
        this.kata = kata;
        this.limit = limit;
        this.clock = clock;
    }

    public String kata() {
        return kata;
    }

    public Duration limit() {
        return limit;
    }

    /** The candidate opened their link: the clock starts (once). */
    public synchronized void start() {
        if (started.isEmpty()) {
            started = Optional.of(clock.instant());
        }
    }

    public synchronized Optional<Instant> started() {
        return started;
    }

    /** Time left; the whole box before the start, zero once frozen. */
    public Duration left() {
        freezeIfDue();
        synchronized (this) {
            if (frozenAt.isPresent()) {
                return Duration.ZERO;
            }
            return started.map(at -> limit.minus(Duration.between(at, clock.instant()))).orElse(limit);
        }
    }

    /** Time the candidate used: from the start to the freeze (or now). */
    public synchronized Duration used() {
        return started.map(at -> Duration.between(at, frozenAt.orElse(clock.instant()))).orElse(Duration.ZERO);
    }

    public boolean frozen() {
        freezeIfDue();
        synchronized (this) {
            return frozenAt.isPresent();
        }
    }

    public synchronized Optional<Instant> frozenAt() {
        return frozenAt;
    }

    /** Why the candidate's changes are refused, or empty while the time runs. */
    public Optional<String> lock() {
        return frozen() ? Optional.of("Time is up: your work is kept as it is, read-only") : Optional.empty();
    }

    /** The interviewer ends the exercise early. */
    public void end() {
        freeze();
    }

    /** Called once, when the work freezes (the candidate's kernels stop). */
    public void onFreeze(Runnable action) {
        onFreeze.add(action);
    }

    synchronized void recordRun(Run run) {
        runs.add(run);
    }

    synchronized void recordCell(String code) {
        cells.add(new Cell(clock.instant(), code));
    }

    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    public synchronized List<Cell> cells() {
        return List.copyOf(cells);
    }

    Instant now() {
        return clock.instant();
    }

    private void freezeIfDue() {
        boolean due;
        synchronized (this) {
            due = frozenAt.isEmpty() && started.isPresent() && !clock.instant().isBefore(started.get().plus(limit));
        }
        if (due) {
            freeze();
        }
    }

    private void freeze() {
        synchronized (this) {
            if (frozenAt.isPresent()) {
                return;
            }
            var due = started.map(at -> at.plus(limit)).orElse(clock.instant());
            frozenAt = Optional.of(due.isBefore(clock.instant()) ? due : clock.instant());
        }
        onFreeze.forEach(Runnable::run);
    }
}
