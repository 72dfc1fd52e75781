package dev.rampart.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line, parsed.
 *
 * @param ip          the address to bind; 127.0.0.1 unless {@code --ip} was given
 * @param ipExplicit  true when {@code --ip} was given (the server warns: others may reach it)
 * @param port        the first port to try
 * @param portRetries how many following ports to try when it is busy (20 by default, 0 with an explicit {@code --port})
 * @param workspace   the folder whose notebooks and kata sources the learner's server serves (a dojo and an interview hand
 *                    out the katas as released instead, whatever this folder holds)
 * @param dojo        with {@code --dojo DIR}: dojo mode, the room's state and the participants' copies kept in DIR
 * @param interview   with {@code --interview KATA}: interview mode on that kata
 * @param minutes     the interview's time box ({@code --minutes N}, 45 by default)
 * @param acceptUnsandboxedKernels {@code --accept-unsandboxed-kernels}: start a dojo or an interview even
 *                    where kernels cannot be sandboxed, so a participant's cell could reach the server and the others' work
 */
public record ServerOptions(String ip, boolean ipExplicit, int port, int portRetries, Path workspace, Optional<Path> dojo,
                            Optional<String> interview, int minutes, boolean acceptUnsandboxedKernels) {

    static final String USAGE = """
            Usage: rampart [--port N] [--port-retries N] [--ip ADDRESS] [--workspace DIR] [--dojo DIR | --interview KATA [--minutes N]]
              --port N          port to listen on (default 8888; a busy default moves to the next free one)
              --port-retries N  how many following ports to try when the port is busy
              --ip ADDRESS      address to listen on (default 127.0.0.1; anything else lets other machines in)
              --workspace DIR   folder with the notebooks and kata sources (default: the repository's katas/)
              --dojo DIR        dojo mode: prints the facilitator's link; the room and everyone's work are kept in DIR;
                                each participant gets the katas as released (committed), not your workspace
              --interview KATA  interview mode: prints a one-time candidate link and the interviewer's link; the
                                candidate gets the katas as released (committed), not your workspace
              --minutes N       the interview's time box (default 45)
              --accept-unsandboxed-kernels
                                run a dojo or an interview even where this machine cannot sandbox kernels (at
                                that risk: a participant's code could then read the others' work and stop the server)""";

    static final String ACCEPT_UNSANDBOXED = "--accept-unsandboxed-kernels";

    /**
     * @param args             the command line
     * @param workingDirectory where the default workspace is looked for ({@code katas/}, or {@code ../katas/} from a module)
     * @throws IllegalArgumentException with a message that says what to fix
     */
    public static ServerOptions parse(String[] args, Path workingDirectory) {
        var ip = Optional.<String>empty();
        var port = Optional.<Integer>empty();
        var retries = Optional.<Integer>empty();
        var workspace = Optional.<Path>empty();
        var dojo = Optional.<Path>empty();
        var interview = Optional.<String>empty();
        var minutes = Optional.<Integer>empty();
        var acceptUnsandboxed = false;
        for (var i = 0; i < args.length; i++) {
            var option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (option.equals(ACCEPT_UNSANDBOXED)) {
                acceptUnsandboxed = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + option + " needs a value");
            }
            var value = args[++i];
            switch (option) {
                case "--ip" -> ip = Optional.of(value);
                case "--port" -> port = Optional.of(number(option, value, 0, 65_535));
                case "--port-retries" -> retries = Optional.of(number(option, value, 0, 1_000));
                case "--workspace" -> workspace = Optional.of(Path.of(value));
                case "--dojo" -> dojo = Optional.of(Path.of(value));
                case "--interview" -> interview = Optional.of(value);
                case "--minutes" -> minutes = Optional.of(number(option, value, 1, 600));
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        if (dojo.isPresent() && interview.isPresent()) {
            throw new IllegalArgumentException("Choose one mode: --dojo or --interview");
        }
        var room = dojo.isPresent() || interview.isPresent();
        if (room && workspace.isPresent()) {
            throw new IllegalArgumentException("--workspace is the learner's own folder: " + (dojo.isPresent() ? "a dojo" : "an interview")
                    + " hands out the katas as released (committed in git when the server was built), whatever a folder holds; leave"
                    + " --workspace out");
        }
        // A dojo or an interview serves no folder of the person who starts it: the default is only where its folder must not be.
        var folder = workspace.or(() -> defaultWorkspace(workingDirectory))
                .or(() -> room ? Optional.of(workingDirectory.resolve("katas")) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException(
                        "No katas/ folder here or one level up: run from the repository, or pass --workspace DIR"));
        if (!room && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("The workspace " + folder + " is not a folder: pass --workspace with an existing folder");
        }
        if (minutes.isPresent() && interview.isEmpty()) {
            throw new IllegalArgumentException("--minutes is the time box of an --interview: add --interview KATA");
        }
        if (dojo.isPresent() && Files.exists(dojo.get()) && !Files.isDirectory(dojo.get())) {
            throw new IllegalArgumentException("--dojo " + dojo.get() + " is a file: pass a folder (it is created if missing)");
        }
        if (dojo.isPresent() && dojo.get().toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--dojo must be outside the katas " + folder + ": it keeps the participants' links and"
                    + " work, which belong neither in the repository nor in your own lessons");
        }
        return new ServerOptions(ip.orElse("127.0.0.1"), ip.isPresent(), port.orElse(8888),
                retries.orElse(port.isPresent() ? 0 : 20), folder.toAbsolutePath().normalize(),
                dojo.map(path -> path.toAbsolutePath().normalize()), interview, minutes.orElse(45), acceptUnsandboxed);
    }

    private static Optional<Path> defaultWorkspace(Path workingDirectory) {
        for (var candidate : new Path[] {workingDirectory.resolve("katas"), workingDirectory.resolve("../katas")}) {
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int number(String option, String value, int min, int max) {
        try {
            var number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the range.
        }
        throw new IllegalArgumentException(option + " must be a number from " + min + " to " + max + ", not " + value);
    }
}
