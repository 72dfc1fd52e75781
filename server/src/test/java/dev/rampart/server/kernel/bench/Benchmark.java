package dev.rampart.server.kernel.bench;

import java.util.Locale;

/**
 * What {@code -Pbenchmark} runs: {@code -Dbenchmark=kernel} (the default: one kernel's costs,
 * {@link KernelBenchmark}) or {@code -Dbenchmark=load} (a room of participants on one server,
 * {@link LoadBenchmark}). See docs/benchmarks.md.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        var which = System.getProperty("benchmark", "kernel").strip().toLowerCase(Locale.ROOT);
        switch (which) {
            case "kernel", "" -> KernelBenchmark.main(args);
            case "load" -> LoadBenchmark.main(args);
            default -> throw new IllegalArgumentException("-Dbenchmark=" + which + " is not a benchmark: use kernel or load");
        }
    }
}
