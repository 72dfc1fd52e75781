package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The candidate's attack runs, each kept whole (every case) for the report, and none past the
 * time box. A run still going at the limit is stopped there: the page is told once that it was
 * stopped at the limit, nothing the suite reports afterwards reaches the page or the report, and
 * the report keeps the run as stopped, at the limit, with the cases that finished inside it.
 */
final class InterviewAttackRuns implements AttackRuns {

    /** What the page shows, and the report keeps, for a run the limit stopped. */
    static final String STOPPED_AT_THE_LIMIT = "Time is up: the run was stopped at the limit";

    private final AttackRuns runs;
    private final Interview interview;

    InterviewAttackRuns(AttackRuns runs, Interview interview) {
        this.runs = runs;
        this.interview = interview;
    }

    /** One run as it goes: its finished cases, and whether it has been written down. */
    private final class Recording {
        private final List<Interview.Case> cases = new ArrayList<>();
        private Optional<String> aborted = Optional.empty();
        private boolean recorded;

        void accept(AttackEvent event, Consumer<AttackEvent> events) {
            if (recorded) {
                return; // stopped at the limit: what the suite still says happened outside the box
            }
            if (interview.frozen()) {
                stoppedAtTheLimit(events);
                return;
            }
            if (event instanceof AttackEvent.CaseFinished finished) {
                cases.add(new Interview.Case(finished.name(), finished.attack(), finished.passed()));
            } else if (event instanceof AttackEvent.Aborted stopped) {
                aborted = Optional.of(stopped.reason());
            } else if (event instanceof AttackEvent.Finished tally) {
                record(interview.now(), tally.attacksBlocked(), tally.attacks(), tally.honestPassed(), tally.honest(), aborted);
            }
            events.accept(event);
        }

        /**
         * The run is over: written down if it has not been (it ended without its tally). The page
         * is told it was stopped at the limit unless it is gone ({@code events} empty).
         */
        void ended(Optional<Consumer<AttackEvent>> events) {
            if (recorded) {
                return;
            }
            if (interview.frozen()) {
                stoppedAtTheLimit(events.orElse(event -> { }));
            } else {
                record(interview.now(), 0, 0, 0, 0, aborted.or(() -> Optional.of("The run did not finish")));
            }
        }

        private void stoppedAtTheLimit(Consumer<AttackEvent> events) {
            var attacks = cases.stream().filter(Interview.Case::attack).toList();
            var honest = cases.stream().filter(c -> !c.attack()).toList();
            record(interview.frozenAt().orElseGet(interview::now), (int) attacks.stream().filter(Interview.Case::passed).count(),
                    attacks.size(), (int) honest.stream().filter(Interview.Case::passed).count(), honest.size(),
                    Optional.of(STOPPED_AT_THE_LIMIT));
            events.accept(new AttackEvent.Aborted(STOPPED_AT_THE_LIMIT));
        }

        private void record(Instant at, int blocked, int attacks, int honestPassed, int honest, Optional<String> why) {
            recorded = true;
            interview.recordRun(new Interview.Run(at, blocked, attacks, honestPassed, honest, List.copyOf(cases), why));
        }
    }

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        var recording = new Recording();
        try {
            runs.run(kata, event -> recording.accept(event, events));
        } catch (RuntimeException e) {
            recording.ended(Optional.empty());
            throw e;
        } finally {
            if (interview.frozen()) {
                runs.release(); // the attack kernel of a frozen interview has nothing left to run
            }
        }
        recording.ended(Optional.of(events));
    }

    @Override
    public void release() {
        runs.release();
    }

    @Override
    public void stop() {
        runs.stop();
    }
}
