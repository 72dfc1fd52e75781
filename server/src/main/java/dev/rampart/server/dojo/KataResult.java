package dev.rampart.server.dojo;

import java.time.Instant;
import java.util.Optional;

/**
 * A participant's last run of one kata's attacks.
 *
 * @param blocked      attacks blocked in the last run
 * @param attacks      attacks in the suite
 * @param honestPassed honest tests still passing
 * @param honest       honest tests in the suite
 * @param runs         runs so far
 * @param lastRun      when the last run finished
 * @param solvedAt     when a run first blocked every attack with every honest test passing
 */
public record KataResult(int blocked, int attacks, int honestPassed, int honest, int runs, Instant lastRun,
                         Optional<Instant> solvedAt) {

    public boolean solved() {
        return attacks > 0 && blocked == attacks && honestPassed == honest;
    }

    KataResult next(int blocked, int attacks, int honestPassed, int honest, Instant at) {
        var result = new KataResult(blocked, attacks, honestPassed, honest, runs + 1, at, solvedAt);
        return result.solved() && solvedAt.isEmpty() ? new KataResult(blocked, attacks, honestPassed, honest, runs + 1, at, Optional.of(at)) : result;
    }

    static KataResult first(int blocked, int attacks, int honestPassed, int honest, Instant at) {
        return new KataResult(0, 0, 0, 0, 0, at, Optional.empty()).next(blocked, attacks, honestPassed, honest, at);
    }
}
