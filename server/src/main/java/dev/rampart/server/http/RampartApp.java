package dev.rampart.server.http;

import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.workspace.AttackRuns;
import dev.rampart.server.workspace.Kernels;
import dev.rampart.server.workspace.Workspace;
import dev.rampart.server.workspace.Workspaces;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds (never starts) the server's Javalin app from its collaborators: everything, routes,
 * guards and error mappers, in one {@code Javalin.create(config -> ...)}. Tests build it with
 * fakes and start it on a free port; the launchers build it with the real parts and
 * {@link #listen} on the port asked for. Each call builds a fresh instance (say, to retry on
 * another port).
 */
public final class RampartApp {

    private static final Logger LOG = LoggerFactory.getLogger(RampartApp.class);

    private final ServerSettings settings;
    private final Authenticator authenticator;
    private final SecurityLog securityLog;
    private final Workspaces workspaces;
    private final List<Extension> extensions;

    /** More routes and pages on the same app, behind the same guard (the dojo's board, an interview's report). */
    @FunctionalInterface
    public interface Extension {
        void register(JavalinConfig config);
    }

    /** The single-user server: one learner, one workspace. */
    public RampartApp(ServerSettings settings, Authenticator authenticator, SecurityLog securityLog, NotebookStore notebooks,
                      KataSources katas, Kernels kernels, AttackRuns attacks) {
        this(settings, authenticator, securityLog, Workspaces.only(new Workspace(notebooks, katas, kernels, attacks)), List.of());
    }

    /** A server for several principals (a dojo, an interview), each finding their own workspace, with extra routes. */
    public RampartApp(ServerSettings settings, Authenticator authenticator, SecurityLog securityLog, Workspaces workspaces,
                      List<Extension> extensions) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.securityLog = securityLog;
        this.workspaces = workspaces;
        this.extensions = List.copyOf(extensions);
    }

    /**
     * Builds the app and starts it on {@code ip}:{@code port} ({@code 0}: any free port).
     *
     * @throws PortInUseException when another program holds the port
     */
    public Listening listen(String ip, int port) {
        // Asked first: Javalin logs a failed bind as an ERROR before it throws, and a busy default
        // port is no error (the launcher moves on to the next one and says so in one line).
        if (port != 0 && !free(ip, port)) {
            throw new PortInUseException(port, null);
        }
        var app = build();
        try {
            return new Listening(app.start(ip, port));
        } catch (JavalinBindException e) {
            throw new PortInUseException(port, e); // taken between the question and the bind
        }
    }

    /** Whether {@code port} can be bound on {@code ip} now (with the reuse Jetty's connector asks for). */
    private static boolean free(String ip, int port) {
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Javalin build() {
        var guard = new Guard(settings.hosts(), authenticator, securityLog);
        var own = new OwnWorkspace(workspaces);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxRequestBytes();
            // Nothing here is worth compressing on localhost, and streamed attack runs must flush line by line.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyErrors()));
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setMaxTextMessageSize(settings.maxSocketMessageBytes());
                factory.setMaxBinaryMessageSize(1024);
                factory.setIdleTimeout(Duration.ofMinutes(5));
            });

            config.staticFiles.add(files -> {
                files.hostedPath = "/public";
                files.directory = "/web/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
                files.roles = Set.of(Access.PUBLIC);
            });
            // The front end's libraries (CodeMirror, markdown-it, DOMPurify) from their WebJars. The pages
            // name each version (filled in from the root pom), so a file never changes under its URL.
            config.staticFiles.add(files -> {
                files.hostedPath = "/webjars";
                files.directory = "META-INF/resources/webjars";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "private, max-age=31536000, immutable");
                files.roles = Set.of(Access.SIGNED_IN);
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web/app";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
                files.roles = Set.of(Access.SIGNED_IN);
            });

            config.routes.before(guard::screen);
            config.routes.beforeMatched(guard::admit);
            config.routes.wsBeforeUpgrade(guard::upgrade);

            new LoginRoutes(authenticator).register(config.routes);
            new ContentsRoutes(own).register(config.routes);
            new KataRoutes(own).register(config.routes);
            new KernelRoutes(own).register(config.routes);
            new SessionRoutes(own).register(config.routes);
            new KernelSocket(own).register(config.routes);
            extensions.forEach(extension -> extension.register(config));

            new ErrorResponses(securityLog).register(config.routes);
            config.routes.wsException(Exception.class, (e, ctx) -> {
                var id = UUID.randomUUID().toString();
                LOG.error("correlationId={} kernel socket failed", id, e);
                ctx.closeSession(1011, "Server error " + id);
            });
        });
    }
}
