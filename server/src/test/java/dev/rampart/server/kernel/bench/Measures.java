package dev.rampart.server.kernel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the benchmarks share: percentiles, the Markdown table they print, process memory, the machine's load. */
final class Measures {

    private Measures() {
    }

    // ---- times (nanoseconds in, milliseconds out) ----------------------------------------------

    static double pct(long[] times, int percentile) {
        if (times.length == 0) {
            return Double.NaN;
        }
        var sorted = times.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static double pct(List<Long> times, int percentile) {
        return pct(times.stream().mapToLong(Long::longValue).toArray(), percentile);
    }

    static String ms(long[] times, int percentile) {
        return format(pct(times, percentile));
    }

    static String ms(List<Long> times, int percentile) {
        return format(pct(times, percentile));
    }

    static String format(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis < 10 ? String.format(Locale.ROOT, "%.2f ms", millis) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    static String ratio(double theirs, double ours) {
        return String.format(Locale.ROOT, "%.1f×", theirs / ours);
    }

    /** How much more (or less) {@code with} is than {@code without}, in percent: "+2.3 %". */
    static String change(double with, double without) {
        return String.format(Locale.ROOT, "%+.1f %%", (with / without - 1) * 100);
    }

    static String mb(long[] kb) {
        return kb.length == 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MB", Arrays.stream(kb).average().orElse(0) / 1024);
    }

    static void row(String what, String ours, String theirs, String ratio, String goal) {
        System.out.println("| " + what + " | " + ours + " | " + theirs + " | " + ratio + " | " + goal + " |");
    }

    // ---- process memory --------------------------------------------------------------------------

    /** Resident memory now, in KB (0 when the process is gone). */
    static long rssKb(long pid) {
        return procStatus(pid, "VmRSS:");
    }

    /** The most resident memory the process ever had, in KB (Linux's high-water mark; 0 elsewhere). */
    static long peakRssKb(long pid) {
        return procStatus(pid, "VmHWM:");
    }

    /** Resident memory of the process's own (anonymous) pages, in KB: heap, metaspace, stacks; not mapped files. */
    static long anonRssKb(long pid) {
        return procStatus(pid, "RssAnon:");
    }

    /** Proportional set size, in KB: each shared page divided among the processes that map it. */
    static long pssKb(long pid) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return 0;
    }

    private static long procStatus(long pid, String key) {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            if (!key.equals("VmRSS:")) {
                return 0;
            }
            try {
                var ps = new ProcessBuilder("ps", "-o", "rss=", "-p", String.valueOf(pid)).start();
                return Long.parseLong(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            } catch (IOException | NumberFormatException ignored) {
                return 0;
            }
        }
        return 0;
    }

    // ---- the machine -------------------------------------------------------------------------------

    static Path repositoryRoot() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("katas/README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run the benchmark from inside the repository");
    }

    /** The one-minute load average (runnable threads; this machine has two cores). */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
