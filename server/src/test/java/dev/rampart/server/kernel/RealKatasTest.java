package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Catalogue;
import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Outcome;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernels' class path comes from the katas module: every kata of the repository's catalogue
 * compiles in a kernel (the starters use Javalin, Hibernate Validator, Nimbus, ...), and a suite
 * that needs a test-only library (JGit) runs there with the same verdicts as the kata proof.
 * A kata with a lesson is compiled in a kernel by {@code LessonsRunTest}, which runs the lesson;
 * this class compiles the others. Reads the repository's katas and never writes to them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealKatasTest {

    private final Path katas = Path.of(System.getProperty("rampart.repository", "..")).resolve("katas");
    private Kernels kernels;
    private Kernel kernel;

    @BeforeAll
    void start() {
        kernels = Kernels.start(KernelSettings.defaults().with(new KernelSettings.Pool(0, 2, 2)));
        kernel = kernels.acquire("real-katas", katas);
    }

    @AfterAll
    void stop() {
        kernels.close();
    }

    @Test
    void everyKataWithoutALessonCompilesInAKernel() throws Exception {
        var catalogue = Catalogue.read(katas.resolve("README.md"));
        var broken = new ArrayList<String>();

        for (var kata : catalogue.katas().stream().filter(kata -> !hasLesson(kata)).toList()) {
            var events = new Events();
            var reply = kernel.bind(kata, events).get(120, TimeUnit.SECONDS);
            if (reply.status() != Status.OK) {
                broken.add(kata.id() + ": " + events.of(Event.KataBuild.class));
            }
        }

        assertThat(catalogue.katas()).as("the catalogue was read").hasSizeGreaterThanOrEqualTo(10);
        assertThat(broken).as("katas whose starter does not compile on the kernels' class path").isEmpty();
    }

    /**
     * A multi-catch of a kata's exception makes the class-file writer ask for the common
     * superclass of the kata's class and a JDK one; on JDK 24+, where snippets are rewritten to
     * weave in stop checks, that lookup used to fail with "Could not resolve class UploadRejected".
     */
    @Test
    void aCellMixingKataAndJdkTypesRunsAfterTheKataIsBoundAgain() throws Exception {
        for (int bind = 0; bind < 2; bind++) {
            assertThat(kernel.bind(kata("file-uploads"), new Events()).get(120, TimeUnit.SECONDS).status()).isEqualTo(Status.OK);
        }
        var events = new Events();

        kernel.execute("""
                import dev.rampart.kata.fileuploads.UploadRejected;
                void mayRefuse() throws UploadRejected { }
                String tryIt(boolean fail) {
                    try {
                        mayRefuse();
                        if (fail) throw new java.io.IOException("disk full");
                        return "stored";
                    } catch (UploadRejected | java.io.IOException refused) {
                        return "refused";
                    }
                }
                tryIt(true)""", events).get(90, TimeUnit.SECONDS);

        assertThat(events.of(Event.Failure.class)).as("failures").isEmpty();
        assertThat(events.of(Event.ExecuteResult.class)).singleElement()
                .satisfies(result -> assertThat(result.data()).containsEntry("text/plain", "\"refused\""));
    }

    @Test
    void aSuiteNeedingATestOnlyLibraryRunsWithTheProofsVerdicts() throws Exception {
        var events = new Events();

        var reply = kernel.runAttacks(kata("dotenv-hygiene"), events).get(180, TimeUnit.SECONDS);

        assertThat(reply.status()).as(reply.message()).isEqualTo(Status.OK);
        var cases = events.of(Event.CaseFinished.class);
        assertThat(cases).filteredOn(Event.CaseFinished::attack).isNotEmpty()
                .allSatisfy(c -> assertThat(c.outcome()).as(c.name() + ": " + c.detail()).isEqualTo(Outcome.FELL));
        assertThat(cases).filteredOn(c -> !c.attack()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.outcome()).as(c.name() + ": " + c.detail()).isEqualTo(Outcome.PASSED));

        // The plan came before the first case, and it foresaw every case: each family's size is what ran in it.
        var plan = events.of(Event.CasesPlanned.class);
        assertThat(plan).hasSize(1);
        assertThat(events.all().indexOf(plan.get(0))).isLessThan(events.all().indexOf(events.of(Event.CaseStarted.class).get(0)));
        assertThat(plan.get(0).exact()).isTrue();
        var families = plan.get(0).families();
        assertThat(families.stream().mapToInt(Event.PlannedFamily::cases).sum()).isEqualTo(cases.size());
        assertThat(families).anySatisfy(f -> assertThat(f.cases()).as("a payload family").isGreaterThan(1));
        for (var i = 0; i < families.size(); i++) {
            var family = families.get(i);
            var index = i;
            assertThat(cases).as("the cases of %s", family.name()).filteredOn(c -> c.family() == index)
                    .hasSize(family.cases()).allSatisfy(c -> assertThat(c.attack()).isEqualTo(family.attack()));
        }
    }

    private boolean hasLesson(Kata kata) {
        try (var notebooks = java.nio.file.Files.list(katas.resolve("notebooks"))) {
            return notebooks.anyMatch(n -> n.getFileName().toString().matches("\\d+-" + java.util.regex.Pattern.quote(kata.id()) + "\\.ipynb"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Kata kata(String id) {
        return Catalogue.read(katas.resolve("README.md")).kata(id);
    }
}
