package dev.rampart.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ProofLanes}: which katas may be proven at the same time, on the real catalogue and suites. */
class ProofLanesTest {

    private static final Path SUITES = Path.of(System.getProperty("rampart.suites"));
    private static final Catalogue CATALOGUE = Catalogue.current();

    @Test
    void theKatasThatShareTheDatabaseAreTheOnesWhoseSuitesDeclareIt() {
        var database = CATALOGUE.katas().stream().filter(kata -> ProofLanes.usesDatabase(kata, SUITES)).map(Kata::id).toList();
        assertThat(database).contains("sql-injection", "least-privilege-db", "db-exposure").doesNotContain("path-traversal", "cors");
    }

    @Test
    void databaseKatasTakeTurnsWhileTheOthersRunBesideThem() throws Throwable {
        var katas = pick("sql-injection", "least-privilege-db", "db-exposure", "path-traversal", "cors");
        var databaseKatasRunning = new AtomicInteger();
        var mostAtOnce = new AtomicInteger();
        var anotherKataRan = new CountDownLatch(1);
        try (var lanes = ProofLanes.start(katas, SUITES, 2, kata -> {
            if (!ProofLanes.usesDatabase(kata, SUITES)) {
                anotherKataRan.countDown();
                return true;
            }
            mostAtOnce.accumulateAndGet(databaseKatasRunning.incrementAndGet(), Math::max);
            try {
                // Held until a kata without the database runs: it can only if the lanes overlap.
                return anotherKataRan.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                databaseKatasRunning.decrementAndGet();
            }
        })) {
            for (var kata : katas) {
                assertThat(lanes.result(kata)).as("%s ran beside another kata", kata.id()).isTrue();
            }
        }
        assertThat(mostAtOnce).as("database katas proven at once").hasValue(1);
    }

    @Test
    void whatAProofThrowsIsWhatItsKataReports() {
        var kata = pick("path-traversal").get(0);
        try (var lanes = ProofLanes.<String>start(List.of(kata), SUITES, 1, k -> {
            throw new IllegalStateException("the suite could not be read");
        })) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lanes.result(kata))
                    .isInstanceOf(IllegalStateException.class).hasMessage("the suite could not be read");
        }
    }

    private static List<Kata> pick(String... ids) {
        return List.of(ids).stream().map(CATALOGUE::kata).toList();
    }
}
