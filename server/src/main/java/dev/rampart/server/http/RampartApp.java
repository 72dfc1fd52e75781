package dev.rampart.server.http;

import dev.rampart.server.notebook.KataSources;
import dev.rampart.server.notebook.NotebookStore;
import dev.rampart.server.security.SecurityLog;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds (never starts) the server's Javalin app from its collaborators: everything, routes,
 * guards and error mappers, in one {@code Javalin.create(config -> ...)}. Tests build it with
 * fakes and start it on a free port; {@code Main} builds it with the real parts.
 * {@link #build()} may be called again for a fresh instance (say, to retry on another port).
 */
public final class RampartApp {

    private static final Logger LOG = LoggerFactory.getLogger(RampartApp.class);

    private final ServerSettings settings;
    private final Authenticator authenticator;
    private final SecurityLog securityLog;
    private final NotebookStore notebooks;
    private final KataSources katas;
    private final Kernels kernels;
    private final AttackRuns attacks;

    public RampartApp(ServerSettings settings, Authenticator authenticator, SecurityLog securityLog, NotebookStore notebooks,
                      KataSources katas, Kernels kernels, AttackRuns attacks) {
        this.settings = settings;
        this.authenticator = authenticator;
        this.securityLog = securityLog;
        this.notebooks = notebooks;
        this.katas = katas;
        this.kernels = kernels;
        this.attacks = attacks;
    }

    public Javalin build() {
        var guard = new Guard(settings.hosts(), authenticator, securityLog);
        var sessions = new NotebookSessions(kernels, katas, notebooks);
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
            new ContentsRoutes(notebooks).register(config.routes);
            new KataRoutes(katas, attacks).register(config.routes);
            new KernelRoutes(kernels).register(config.routes);
            new SessionRoutes(sessions, kernels).register(config.routes);
            new KernelSocket(kernels).register(config.routes);

            new ErrorResponses(securityLog).register(config.routes);
            config.routes.wsException(Exception.class, (e, ctx) -> {
                var id = UUID.randomUUID().toString();
                LOG.error("correlationId={} kernel socket failed", id, e);
                ctx.closeSession(1011, "Server error " + id);
            });
        });
    }
}
