package dev.rampart.server.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Kata;
import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel bound to a kata compiles the learner's sources, and recompiles them when they change:
 * the next cell sees the new classes, never a stale copy, and sources that do not compile are
 * reported against the file.
 */
@ExtendWith(SharedKernels.class)
class KataBindingTest {

    @TempDir
    Path workspace;
    private Kernel kernel;

    @BeforeEach
    void acquire(Kernels kernels) {
        kernel = kernels.acquire("binding", Fixture.workspace(workspace));
    }

    @AfterEach
    void release() {
        kernel.shutdown();
    }

    private Events run(String code) throws Exception {
        var events = new Events();
        kernel.execute(code, events).get(60, TimeUnit.SECONDS);
        return events;
    }

    private static String value(Events events) {
        assertThat(events.of(Event.Failure.class)).as("failures").isEmpty();
        return events.of(Event.ExecuteResult.class).get(0).data().get("text/plain");
    }

    private Events bind() throws Exception {
        var events = new Events();
        var reply = kernel.bind(Fixture.KATA, events).get(60, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(Status.OK);
        return events;
    }

    @Test
    void bindingCompilesTheLearnersSourcesForTheCells() throws Exception {
        var events = bind();

        assertThat(events.of(Event.KataBuild.class)).singleElement()
                .satisfies(b -> assertThat(b.status()).isEqualTo(Status.OK));
        assertThat(value(run("import dev.rampart.kata.fixtureecho.*;\nnew Greeter().greet(\"Ada\")")))
                .isEqualTo("\"<p>Hello, Ada</p>\"");
        assertThat(kernel.boundKata()).get().isEqualTo(Fixture.KATA);
    }

    @Test
    void anUnboundKernelDoesNotSeeTheStarterAtAll() throws Exception {
        var events = run("dev.rampart.kata.fixtureecho.Greeter.version()");

        assertThat(events.of(Event.Failure.class).get(0).ename()).isEqualTo("CompileError");
    }

    @Test
    void theNextCellSeesTheChangedClassNeverAStaleOne() throws Exception {
        bind();
        run("import dev.rampart.kata.fixtureecho.*;\nvar greeter = new Greeter();\nString first = greeter.greet(\"<b>\");");
        assertThat(value(run("Greeter.version()"))).isEqualTo("\"starter\"");

        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter(
                "return \"<p>Hello, \" + name.replace(\"<\", \"&lt;\").replace(\">\", \"&gt;\") + \"</p>\";", "fixed"));
        var cell = run("Greeter.version() + \" \" + greeter.greet(\"<b>\") + \" \" + greeter.getClass().getClassLoader().hashCode()");

        var build = cell.of(Event.KataBuild.class).get(0);
        assertThat(build.status()).isEqualTo(Status.OK);
        assertThat(build.replayed()).as("snippets replayed onto the new classes").isGreaterThanOrEqualTo(3);
        assertThat(value(cell)).as("the static, and the instance made before the edit, are both the new code")
                .startsWith("\"fixed <p>Hello, &lt;b&gt;</p>");
        assertThat(value(run("first"))).as("variables are rebuilt by replaying the cells that made them")
                .isEqualTo("\"<p>Hello, &lt;b&gt;</p>\"");
        assertThat(cell.of(Event.Stream.class)).as("replayed cells stay quiet").isEmpty();
    }

    @Test
    void sourcesThatDoNotCompileAreReportedAgainstTheFileAndCellsWait() throws Exception {
        bind();
        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter("return \"<p>\" + nme + \"</p>\";", "broken"));

        var cell = run("1 + 1");

        var build = cell.of(Event.KataBuild.class).get(0);
        assertThat(build.status()).isEqualTo(Status.ERROR);
        assertThat(build.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(Fixture.SOURCE);
            assertThat(d.line()).isEqualTo(6);
            assertThat(d.column()).isEqualTo(24);
            assertThat(d.message()).contains("cannot find symbol");
        });
        assertThat(cell.of(Event.Failure.class).get(0).ename()).isEqualTo("KataDoesNotCompile");
        assertThat(cell.of(Event.ExecuteResult.class)).as("no cell runs on a stale copy").isEmpty();
        var again = run("2 + 2");
        assertThat(again.of(Event.KataBuild.class)).as("nothing changed: no new build").isEmpty();
        assertThat(again.of(Event.Failure.class).get(0).traceback()).as("a later cell still says what to fix")
                .anyMatch(line -> line.startsWith(Fixture.SOURCE + ":6:24: ") && line.contains("cannot find symbol"));

        Fixture.write(workspace, Fixture.SOURCE, Fixture.greeter("return \"<p>\" + name + \"</p>\";", "mended"));
        assertThat(value(run("dev.rampart.kata.fixtureecho.Greeter.version()"))).isEqualTo("\"mended\"");
    }

    @Test
    void aCellThatNoLongerCompilesAfterAChangeIsNamedInTheBuild() throws Exception {
        bind();
        run("import dev.rampart.kata.fixtureecho.*;\nString old = Greeter.version();");
        Fixture.write(workspace, Fixture.SOURCE, """
                package dev.rampart.kata.fixtureecho;

                public final class Greeter {
                    public String greet(String name) {
                        return name;
                    }
                }
                """);

        var cell = run("2 + 2");

        var build = cell.of(Event.KataBuild.class).get(0);
        assertThat(build.notes()).singleElement().asString().contains("String old = Greeter.version();")
                .contains("no longer compiles");
        assertThat(value(cell)).isEqualTo("4");
    }

    @Test
    void aRestartedKernelIsBoundAgain() throws Exception {
        bind();

        kernel.restart().get(60, TimeUnit.SECONDS);

        assertThat(value(run("dev.rampart.kata.fixtureecho.Greeter.version()"))).isEqualTo("\"starter\"");
    }

    @Test
    void aKataWhoseSourcesAreNotInTheWorkspaceIsABuildErrorThatNamesTheFolder() throws Exception {
        var events = new Events();

        var reply = kernel.bind(new Kata(98, "no-such-kata", "Not in this workspace"), events).get(60, TimeUnit.SECONDS);

        assertThat(reply.status()).isEqualTo(Status.ERROR);
        assertThat(events.of(Event.KataBuild.class)).singleElement()
                .satisfies(build -> assertThat(build.diagnostics()).singleElement()
                        .satisfies(d -> assertThat(d.source()).isEqualTo("src/main/java/dev/rampart/kata/nosuchkata")));
    }
}
