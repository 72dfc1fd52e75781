package dev.rampart.server;

import dev.rampart.server.http.Listening;
import dev.rampart.server.http.PortInUseException;
import dev.rampart.server.http.RampartApp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts the Rampart server: parses the command line, lets the mode's launcher wire the parts
 * by hand ({@link LearnerServer}, {@link DojoServer}, {@link InterviewServer}), binds (moving to
 * the next free port when the default one is busy), prints the links, and stops everything on
 * Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        var out = System.out;
        ServerOptions options;
        try {
            options = ServerOptions.parse(args, Path.of("").toAbsolutePath());
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(ServerOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        var began = System.nanoTime();
        var room = options.dojo().isPresent() || options.interview().isPresent();
        options.dojo().ifPresent(ServerParts::removeLeftovers); // the room's state file is saved the same way
        var parts = ServerParts.start(options, room);
        var refusal = room ? parts.refusesRoom(options) : Optional.<String>empty();
        if (refusal.isPresent()) {
            System.err.println(refusal.get());
            parts.close();
            System.exit(2);
            return;
        }
        Launch launch;
        try {
            launch = launch(options, parts);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }

        if (options.ipExplicit()) {
            out.println("WARNING: listening on " + options.ip() + " (--ip). Other machines that can reach this address can try to "
                    + "sign in, and whoever holds the token can run code as you. The connection is not encrypted.");
        }
        var server = bind(launch.app(), options, out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            parts.close();
        }, "rampart-shutdown"));

        var startedMillis = (System.nanoTime() - began) / 1_000_000;
        var sinceJvm = ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
        out.println("Rampart is serving " + launch.serving() + " (started in " + startedMillis + " ms, "
                + sinceJvm + " ms after the JVM).");
        var base = "http://" + hostForUrl(options.ip()) + ":" + server.port();
        for (var link : launch.links()) {
            out.println(link.introduction());
            out.println("    " + base + link.path());
        }
        out.println("Press Ctrl-C to stop.");
    }

    /** The launcher of the mode the options ask for. */
    private static Launch launch(ServerOptions options, ServerParts parts) throws IOException {
        if (options.dojo().isPresent()) {
            return DojoServer.launch(options, parts);
        } else if (options.interview().isPresent()) {
            return InterviewServer.launch(options, parts);
        }
        return LearnerServer.launch(options, parts);
    }

    /** Binds the first free port among {@code port .. port + retries}, or exits with a message that says what to do. */
    static Listening bind(RampartApp app, ServerOptions options, PrintStream out) {
        for (var attempt = 0; attempt <= options.portRetries(); attempt++) {
            var port = options.port() == 0 ? 0 : options.port() + attempt;
            try {
                var server = app.listen(options.ip(), port);
                if (attempt > 0) {
                    out.println("Port " + options.port() + " is busy; using " + server.port() + " instead.");
                }
                return server;
            } catch (PortInUseException e) {
                if (port > 65_534) {
                    break;
                }
            }
        }
        var busy = options.portRetries() == 0 ? "Port " + options.port() + " is in use"
                : "Ports " + options.port() + " to " + (options.port() + options.portRetries()) + " are all in use";
        System.err.println(busy + ": stop the other server, or pass --port with a free port (--port 0 picks any).");
        System.exit(1);
        throw new IllegalStateException("unreachable");
    }

    private static String hostForUrl(String ip) {
        return ip.contains(":") ? "[" + ip + "]" : ip;
    }
}
