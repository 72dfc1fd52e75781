package dev.rampart.server.kernel.bench;

import java.time.Duration;
import java.util.List;

/** What the room is asked to do. */
record LoadPlan(int participants, int cells, int attackRuns, String lesson, Duration limit, List<String> serverOptions) {

    static LoadPlan fromProperties() {
        var options = System.getProperty("load.serverOptions", "").strip();
        return new LoadPlan(Integer.getInteger("load.participants", 30), Integer.getInteger("load.cells", 20),
                Integer.getInteger("load.attackRuns", 3), System.getProperty("load.lesson", "06-path-traversal"),
                Duration.ofMinutes(Integer.getInteger("load.minutes", 30)),
                options.isEmpty() ? List.of() : List.of(options.split("\\s+")));
    }

    String lessonPath() {
        return "notebooks/" + lesson + ".ipynb";
    }
}
