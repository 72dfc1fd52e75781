package dev.rampart.server.dojo;

import dev.rampart.contract.Kata;
import dev.rampart.server.workspace.AttackEvent;
import dev.rampart.server.workspace.AttackRuns;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Consumer;

/** The candidate's attack runs, passed through unchanged, each kept whole (every case) for the report. */
final class InterviewAttackRuns implements AttackRuns {

    private final AttackRuns runs;
    private final Interview interview;

    InterviewAttackRuns(AttackRuns runs, Interview interview) {
        this.runs = runs;
        this.interview = interview;
    }

    @Override
    public void run(Kata kata, Consumer<AttackEvent> events) {
        var cases = new ArrayList<Interview.Case>();
        var aborted = new Optional[] {Optional.<String>empty()};
        var recorded = new boolean[1];
        try {
            runs.run(kata, event -> {
                if (event instanceof AttackEvent.CaseFinished finished) {
                    cases.add(new Interview.Case(finished.name(), finished.attack(), finished.passed()));
                } else if (event instanceof AttackEvent.Aborted stopped) {
                    aborted[0] = Optional.of(stopped.reason());
                } else if (event instanceof AttackEvent.Finished tally) {
                    interview.recordRun(new Interview.Run(interview.now(), tally.attacksBlocked(), tally.attacks(), tally.honestPassed(),
                            tally.honest(), cases, optional(aborted[0])));
                    recorded[0] = true;
                }
                events.accept(event);
            });
        } finally {
            if (!recorded[0]) {
                interview.recordRun(new Interview.Run(interview.now(), 0, 0, 0, 0, cases,
                        optional(aborted[0]).or(() -> Optional.of("The run did not finish"))));
            }
        }
    }

    @Override
    public void release() {
        runs.release();
    }

    @SuppressWarnings("unchecked")
    private static Optional<String> optional(Optional<?> value) {
        return (Optional<String>) value;
    }
}
