package dev.rampart.server.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a kernel's process with everything it started, including what slipped out of its tree.
 *
 * <p>Why a second look: bubblewrap forks the sandbox's init and only then arms the init's
 * parent-death signal. A sandbox killed in between (the server closing while the pool refills)
 * leaves an init reparented away from the server: no list of descendants finds it, and it waits
 * forever. A fork keeps its parent's arguments, so the init still names the kernel's folder, and
 * that finds it. Only this user's processes show their arguments, and the folder's name is random.
 */
final class StrayProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(StrayProcesses.class);

    private StrayProcesses() {
    }

    /**
     * Kills {@code process} and its descendants, and waits (a while) until it has ended, even when
     * the thread was interrupted before (a pool closing interrupts its starters): what
     * {@link #killNaming} looks for next must have been forked by then.
     */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Kills every process whose arguments name one of {@code folders} or a path inside one. Call it
     * once the processes started there have ended: from then on, nothing should name them.
     */
    static void killNaming(List<Path> folders) {
        var names = folders.stream().map(folder -> folder.toAbsolutePath().normalize().toString()).toList();
        // The command line, not the arguments: for a sandbox's init, Java gives the one and not the other.
        var strays = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> names.stream().anyMatch(name -> names(line, name))).orElse(false))
                .toList();
        strays.forEach(ProcessHandle::destroyForcibly);
        // Most are inits already dying of their parent's death; the signal only makes sure.
        LOG.debug("Killed {} process(es) naming stopped kernels' folders", strays.size());
    }

    /** True when one of the space-separated words of {@code commandLine} is {@code path} or a path inside it. */
    private static boolean names(String commandLine, String path) {
        return commandLine.endsWith(" " + path) || commandLine.contains(" " + path + " ")
                || commandLine.contains(" " + path + File.separator);
    }
}
