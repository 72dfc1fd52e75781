package dev.rampart.server.dojo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.MissingFileException;
import dev.rampart.server.notebook.ReleasedKatas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * The interviewer's report, as JSON (the HTML page renders the same): the time box and the
 * time used, when each attack was first blocked (and whether it stayed blocked), every run of
 * the attacks with each case, every cell run, and the final diff of each kata file from the
 * starter (java-diff-utils, unified format).
 */
public final class InterviewReport {

    private final Interview interview;
    private final KataSources sources;
    private final ReleasedKatas starters;

    public InterviewReport(Interview interview, KataSources sources, ReleasedKatas starters) {
        this.interview = interview;
        this.sources = sources;
        this.starters = starters;
    }

    public ObjectNode json() {
        var report = JsonNodeFactory.instance.objectNode().put("kata", interview.kata()).put("limitSeconds", interview.limit().toSeconds())
                .put("usedSeconds", interview.used().toSeconds()).put("frozen", interview.frozen());
        var start = interview.started();
        start.ifPresentOrElse(at -> report.put("started", at.toString()), () -> report.putNull("started"));
        interview.frozenAt().ifPresentOrElse(at -> report.put("frozenAt", at.toString()), () -> report.putNull("frozenAt"));

        var runs = report.putArray("runs");
        var firstBlocked = new LinkedHashMap<String, Instant>();
        var lastOutcome = new LinkedHashMap<String, Boolean>();
        for (var run : interview.runs()) {
            var node = runs.addObject().put("at", run.at().toString()).put("offsetSeconds", offset(run.at()))
                    .put("attacksBlocked", run.blocked()).put("attacks", run.attacks())
                    .put("honestPassed", run.honestPassed()).put("honest", run.honest());
            run.aborted().ifPresent(why -> node.put("aborted", why));
            var cases = node.putArray("cases");
            for (var c : run.cases()) {
                cases.addObject().put("name", c.name()).put("attack", c.attack()).put("passed", c.passed());
                if (c.attack()) {
                    lastOutcome.put(c.name(), c.passed());
                    if (c.passed()) {
                        firstBlocked.putIfAbsent(c.name(), run.at());
                    }
                }
            }
        }
        var timeline = report.putArray("attacks");
        lastOutcome.forEach((name, blockedNow) -> {
            var node = timeline.addObject().put("name", name).put("blockedAtEnd", blockedNow);
            var at = firstBlocked.get(name);
            if (at == null) {
                node.putNull("firstBlocked");
                node.putNull("offsetSeconds");
            } else {
                node.put("firstBlocked", at.toString()).put("offsetSeconds", offset(at));
            }
        });

        var cells = report.putArray("cells");
        interview.cells().forEach(cell -> cells.addObject().put("at", cell.at().toString()).put("offsetSeconds", offset(cell.at()))
                .put("code", cell.code()));

        report.put("diff", diff());
        return report;
    }

    /** The unified diff of every file of the kata, starter → now. */
    String diff() {
        var kata = starters.find(interview.kata()).orElseThrow();
        var starterFiles = starters.files(kata);
        var names = new TreeSet<>(starterFiles);
        names.addAll(sources.files(kata.id()));
        var out = new StringBuilder();
        for (var name : names) {
            var before = starterFiles.contains(name) ? lines(new String(starters.pristine(kata, name), StandardCharsets.UTF_8)) : List.<String>of();
            List<String> after;
            try {
                after = lines(sources.read(kata.id(), name).content());
            } catch (MissingFileException deleted) {
                after = List.of();
            }
            var patch = DiffUtils.diff(before, after);
            if (!patch.getDeltas().isEmpty()) {
                UnifiedDiffUtils.generateUnifiedDiff("starter/" + name, "final/" + name, before, patch, 3)
                        .forEach(line -> out.append(line).append('\n'));
            }
        }
        return out.toString();
    }

    private long offset(Instant at) {
        return interview.started().map(start -> Duration.between(start, at).toSeconds()).orElse(0L);
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }
}
