package dev.rampart.server.kernel.child;

import dev.rampart.server.kernel.protocol.Event;
import dev.rampart.server.kernel.protocol.Event.StreamName;
import dev.rampart.server.kernel.protocol.Hello;
import dev.rampart.server.kernel.protocol.MessageChannel;
import dev.rampart.server.kernel.protocol.Request;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kernel process. Started by the server as
 * {@code java ... KernelMain <socket> <output budget> <thread limit>}, it reads a one-time token
 * from stdin, connects to the server's Unix domain socket, proves itself with the token, and
 * then serves requests until told to stop or until the server goes away.
 *
 * <p>Nothing here trusts the learner's code to behave: it gets a fresh stdin (empty), stdout and
 * stderr that become {@code stream} messages, and a watchdog that ends the process if it starts
 * too many threads. The real stdin stays with the kernel: when it reaches end of file, the
 * server has exited (even if killed), and the kernel exits too, so no JVM is ever orphaned.
 */
public final class KernelMain {

    /** Exit status when the code started more threads than allowed. */
    public static final int EXIT_TOO_MANY_THREADS = 86;
    /** Exit status when the server broke the protocol or the channel failed. */
    public static final int EXIT_CHANNEL_FAILED = 87;
    /** Exit status of the JVM's {@code -XX:+ExitOnOutOfMemoryError}. */
    public static final int EXIT_OUT_OF_MEMORY = 3;

    private record Queued(Request request, long generation) {
    }

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KernelMain <socket> <max output chars> <max threads>");
        }
        var socket = Path.of(args[0]);
        long maxOutput = Long.parseLong(args[1]);
        int maxThreads = Integer.parseInt(args[2]);

        InputStream control = System.in;
        var token = readLine(control);
        var diagnostics = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

        var connection = SocketChannel.open(StandardProtocolFamily.UNIX);
        connection.connect(UnixDomainSocketAddress.of(socket));
        var channel = new MessageChannel(connection);
        long pid = ProcessHandle.current().pid();
        channel.send(new Hello(token, pid));

        var out = new Outputs(channel, maxOutput);
        System.setIn(new ByteArrayInputStream(new byte[0]));
        System.setOut(out.stream(StreamName.STDOUT));
        System.setErr(out.stream(StreamName.STDERR));
        watchServer(control);
        watchThreads(maxThreads, diagnostics);

        var session = new Session(out, Path.of("").toAbsolutePath(), diagnostics);
        session.warmUp();
        System.gc(); // give back the warm-up's garbage, so a kernel waiting in the pool stays small
        out.publish(new Event.KernelReady("", pid, Runtime.version().toString()));

        var queue = new LinkedBlockingQueue<Queued>();
        var running = new Request[1];
        var stopper = Executors.newSingleThreadScheduledExecutor(daemon("rampart-stopper"));
        var reader = new Thread(() -> read(channel, session, queue, running, stopper, out), "rampart-reader");
        reader.setDaemon(true);
        reader.start();

        while (true) {
            var next = queue.take();
            synchronized (running) {
                running[0] = next.request();
            }
            try {
                session.handle(next.request(), next.generation());
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                e.printStackTrace(diagnostics);
                out.publish(new Event.Failure(next.request().id(), "KernelError",
                        "The kernel failed handling this request: " + e, java.util.List.of(), java.util.List.of()));
                out.publish(failedReply(next.request()));
            } finally {
                synchronized (running) {
                    running[0] = null;
                }
            }
        }
    }

    private static void read(MessageChannel channel, Session session, BlockingQueue<Queued> queue, Request[] running,
                             ScheduledExecutorService stopper, Outputs out) {
        try {
            while (true) {
                var message = channel.receive();
                if (message.isEmpty()) {
                    exit(0);
                    return;
                }
                if (message.get() instanceof Request.Interrupt) {
                    Request target;
                    synchronized (running) {
                        target = running[0];
                    }
                    session.interrupt();
                    if (target != null) {
                        keepStopping(stopper, session, running, target);
                    }
                } else if (message.get() instanceof Request.Shutdown shutdown) {
                    out.publish(new Event.ShutdownReply(shutdown.id()));
                    exit(0);
                    return;
                } else if (message.get() instanceof Request request) {
                    queue.add(new Queued(request, session.generation()));
                } else {
                    throw new IOException("the server sent " + message.get().getClass().getSimpleName());
                }
            }
        } catch (IOException e) {
            exit(EXIT_CHANNEL_FAILED);
        }
    }

    /**
     * An interrupt can land just as a snippet starts, when JShell has nothing to stop yet; asking
     * again every 100 ms while the interrupted request still runs catches that. The server kills
     * the process if all fails.
     */
    private static void keepStopping(ScheduledExecutorService stopper, Session session, Request[] running,
                                     Request target) {
        var retry = new AtomicReference<ScheduledFuture<?>>();
        retry.set(stopper.scheduleWithFixedDelay(() -> {
            synchronized (running) {
                if (running[0] == target) {
                    session.stopAgain();
                    return;
                }
            }
            var self = retry.get();
            if (self != null) {
                self.cancel(false);
            }
        }, 100, 100, TimeUnit.MILLISECONDS));
    }

    private static Event.Reply failedReply(Request request) {
        var id = request.id();
        if (request instanceof Request.Execute) {
            return new Event.ExecuteReply(id, Event.Status.ERROR, 0);
        } else if (request instanceof Request.Complete complete) {
            return new Event.CompleteReply(id, java.util.List.of(), complete.cursor(), complete.cursor());
        } else if (request instanceof Request.Inspect) {
            return new Event.InspectReply(id, false, java.util.Map.of());
        } else if (request instanceof Request.Bind) {
            return new Event.BindReply(id, Event.Status.ERROR);
        } else if (request instanceof Request.RunAttacks run) {
            return new Event.AttacksReply(id, Event.Status.ERROR, run.kata().id(), 0, 0, 0, 0, 0, "the kernel failed");
        }
        return new Event.ShutdownReply(id);
    }

    /** The server holds our stdin open for as long as it lives; end of file means it is gone. */
    private static void watchServer(InputStream control) {
        var watcher = new Thread(() -> {
            try {
                while (control.read() >= 0) {
                    // nothing else is ever sent on stdin after the token
                }
            } catch (IOException e) {
                // same as end of file
            }
            exit(0);
        }, "rampart-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * A thread bomb would exhaust the user's process limit and hurt everything they run, the
     * server first. Counting threads often is cheap; past the limit the process ends at once.
     */
    private static void watchThreads(int maxThreads, PrintStream diagnostics) {
        var root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        var group = root;
        var watcher = new Thread(() -> {
            while (true) {
                int count = group.activeCount();
                if (count > maxThreads) {
                    diagnostics.println("rampart kernel: " + count + " threads, more than the limit of " + maxThreads);
                    Runtime.getRuntime().halt(EXIT_TOO_MANY_THREADS);
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rampart-thread-watch");
        watcher.setDaemon(true);
        watcher.setPriority(Thread.MAX_PRIORITY);
        watcher.start();
    }

    /** Exits, running shutdown hooks (an embedded database stops cleanly), but never hangs. */
    static void exit(int status) {
        var halt = new Thread(() -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(status);
        }, "rampart-halt");
        halt.setDaemon(true);
        halt.start();
        new Thread(() -> System.exit(status), "rampart-exit").start();
    }

    private static String readLine(InputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (line.length() > 256) {
                throw new IOException("token line too long");
            }
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            var t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
