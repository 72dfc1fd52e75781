package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.server.katarunner.KataRunner;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Outcome;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** "Run the attacks": the kata's suite against the learner's current code, one event per case. */
@ExtendWith(SharedKernels.class)
class AttackRunTest {

    @TempDir
    Path workspace;

    @Test
    void eachCaseIsStreamedAsItStartsAndEnds(Kernels kernels) throws Exception {
        var kernel = kernels.acquire("attacks", Fixture.workspace(workspace));
        try {
            var events = new Events();
            var reply = kernel.runAttacks(Fixture.KATA, events).get(90, TimeUnit.SECONDS);

            assertThat(events.of(Event.CaseStarted.class)).extracting(Event.CaseStarted::attack)
                    .containsExactlyInAnyOrder(true, false);
            var finished = events.of(Event.CaseFinished.class);
            assertThat(finished).filteredOn(Event.CaseFinished::attack).singleElement().satisfies(c -> {
                assertThat(c.outcome()).isEqualTo(Outcome.FELL);
                assertThat(c.verdict()).isEqualTo("FAILED_BY_ASSERTION");
                assertThat(c.name()).isEqualTo("GreeterTest › a script tag in the name reaches the page");
                assertThat(c.detail()).contains("the page got a live script element");
            });
            assertThat(finished).filteredOn(c -> !c.attack()).singleElement()
                    .extracting(Event.CaseFinished::outcome).isEqualTo(Outcome.PASSED);
            for (var end : finished) {
                int started = events.all().indexOf(events.await(Event.CaseStarted.class,
                        s -> s.uniqueId().equals(end.uniqueId())));
                assertThat(started).as("started before it ended").isLessThan(events.all().indexOf(end));
            }
            assertThat(reply.status()).isEqualTo(Status.OK);
            assertThat(reply.attacks()).isEqualTo(1);
            assertThat(reply.blocked()).isZero();
            assertThat(reply.honestPassed()).isEqualTo(reply.honest()).isEqualTo(1);
            assertThat(reply.solved()).isFalse();
            assertThat(events.all().get(events.all().size() - 1)).isEqualTo(reply);
        } finally {
            kernel.shutdown();
        }
    }

    @Test
    void aFixIsSeenByTheNextRunAndABrokenFeatureIsCalledOut(Kernels kernels) throws Exception {
        var runner = new KataRunner(kernels);
        Fixture.workspace(workspace);
        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter(
                "return \"<p>Hello, \" + name.replace(\"&\", \"&amp;\").replace(\"<\", \"&lt;\") + \"</p>\";", "fixed"));

        var fixed = runner.run("runner", workspace, Fixture.KATA, event -> { }).get(90, TimeUnit.SECONDS);
        assertThat(fixed.blocked()).isEqualTo(1);
        assertThat(fixed.solved()).isTrue();
        // The same sources again: the kernel keeps their classes, and the suite still runs on them.
        var again = runner.run("runner", workspace, Fixture.KATA, event -> { }).get(90, TimeUnit.SECONDS);
        assertThat(again.solved()).isTrue();

        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter("return \"\";", "over-fixed"));
        var events = new Events();
        var broken = runner.run("runner", workspace, Fixture.KATA, events).get(90, TimeUnit.SECONDS);
        assertThat(broken.blocked()).isEqualTo(1);
        assertThat(broken.honestPassed()).isZero();
        assertThat(events.of(Event.CaseFinished.class)).filteredOn(c -> !c.attack()).singleElement()
                .extracting(Event.CaseFinished::outcome).isEqualTo(Outcome.BROKEN);

        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter("return \"<p>Hello, \" + name + \"</p>\";", "as-started"));
        var reopened = runner.run("runner", workspace, Fixture.KATA, event -> { }).get(90, TimeUnit.SECONDS);
        assertThat(reopened.blocked()).as("the hole reopened after two runs on other sources").isZero();
        kernels.kernels().stream().filter(k -> k.owner().equals("runner")).forEach(Kernel::shutdown);
    }

    @Test
    void aNotebooksKernelRunsTheAttacksOnTheSourcesAsTheyAreNotAsTheCellsLastSawThem(Kernels kernels) throws Exception {
        Fixture.workspace(workspace);
        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter(
                "return \"<p>Hello, \" + name.replace(\"&\", \"&amp;\").replace(\"<\", \"&lt;\") + \"</p>\";", "fixed"));
        var kernel = kernels.acquire("attacks-bound", workspace);
        try {
            kernel.bind(Fixture.KATA, new Events()).get(60, TimeUnit.SECONDS);
            assertThat(kernel.execute("import dev.rampart.kata.fixtureecho.*;\nnew Greeter().greet(\"<b>\")", new Events()).get(60, TimeUnit.SECONDS).status()).isEqualTo(Status.OK);
            assertThat(kernel.runAttacks(Fixture.KATA, new Events()).get(90, TimeUnit.SECONDS).solved())
                    .as("the attacks on the sources the cells were built from").isTrue();

            // Edited after the last cell: the binding's classes are stale, and the run must not use them.
            Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter("return \"<p>Hello, \" + name + \"</p>\";", "as-started"));
            var reopened = kernel.runAttacks(Fixture.KATA, new Events()).get(90, TimeUnit.SECONDS);

            assertThat(reopened.blocked()).as("attacks blocked on the edited sources").isZero();
        } finally {
            kernel.shutdown();
        }
    }

    @Test
    void sourcesThatDoNotCompileStopTheRunWithTheCompilersWords(Kernels kernels) throws Exception {
        Fixture.workspace(workspace);
        Fixture.write(workspace, Fixture.SOURCE, "package dev.rampart.kata.fixtureecho;\npublic final class Greeter {");
        var kernel = kernels.acquire("attacks-broken", workspace);
        try {
            var events = new Events();
            var reply = kernel.runAttacks(Fixture.KATA, events).get(90, TimeUnit.SECONDS);

            assertThat(reply.status()).isEqualTo(Status.ERROR);
            assertThat(reply.message()).contains("do not compile").contains(Fixture.SOURCE);
            assertThat(events.of(Event.KataBuild.class).get(0).diagnostics()).isNotEmpty();
            assertThat(events.of(Event.CaseFinished.class)).isEmpty();
        } finally {
            kernel.shutdown();
        }
    }
}
