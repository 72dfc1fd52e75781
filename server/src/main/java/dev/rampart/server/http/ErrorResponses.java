package dev.rampart.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rampart.server.notebook.FileExistsException;
import dev.rampart.server.notebook.InvalidNotebookException;
import dev.rampart.server.notebook.MissingFileException;
import dev.rampart.server.notebook.StaleVersionException;
import dev.rampart.server.notebook.TooLargeException;
import dev.rampart.server.notebook.UnsupportedFileException;
import dev.rampart.server.notebook.VersionRequiredException;
import dev.rampart.server.security.NameTooLongException;
import dev.rampart.server.security.OutsideWorkspaceException;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.workspace.KernelQueuedException;
import dev.rampart.server.workspace.KernelUnavailableException;
import dev.rampart.server.workspace.NoSuchKernelException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the app answers: a status, a message safe to show and a correlation id; the
 * details (exception, stack trace) go to the log under that id and never into the response.
 * One mapper per domain exception; a catch-all gives the generic 500.
 */
final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private static final String UNKNOWN_CHARSET = "The body's charset is not one this server reads: send UTF-8";
    /** Statuses that mean the request itself was malformed or out of bounds. */
    private static final java.util.Set<Integer> MALFORMED = java.util.Set.of(400, 405, 411, 413, 414, 415, 431);

    private final SecurityLog securityLog;

    ErrorResponses(SecurityLog securityLog) {
        this.securityLog = securityLog;
    }

    void register(RoutesConfig routes) {
        routes.exception(Refusal.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage()));
        routes.exception(OutsideWorkspaceException.class, (e, ctx) -> {
            securityLog.event("path-refused", ctx.ip(), ctx.method().name(), ctx.path(), e.requested());
            answer(ctx, 403, e.getMessage());
        });
        routes.exception(MissingFileException.class, (e, ctx) -> answer(ctx, 404, e.getMessage()));
        routes.exception(NoSuchKernelException.class, (e, ctx) -> answer(ctx, 404, e.getMessage()));
        routes.exception(FileExistsException.class, (e, ctx) -> answer(ctx, 409, e.getMessage()));
        routes.exception(StaleVersionException.class, (e, ctx) ->
                answer(ctx, 409, e.getMessage(), body -> body.put("currentVersion", e.currentVersion())));
        routes.exception(VersionRequiredException.class, (e, ctx) -> answer(ctx, 428, e.getMessage()));
        routes.exception(InvalidNotebookException.class, (e, ctx) -> answer(ctx, 422, "Not a valid nbformat 4.5 notebook",
                body -> e.problems().forEach(body.putArray("problems")::add)));
        routes.exception(TooLargeException.class, (e, ctx) -> answer(ctx, 413, e.getMessage()));
        routes.exception(UnsupportedFileException.class, (e, ctx) -> answer(ctx, 400, e.getMessage()));
        routes.exception(NameTooLongException.class, (e, ctx) -> answer(ctx, 400, e.getMessage()));
        // A body in a charset Java does not know (utf-7), or whose name is not one at all.
        routes.exception(UnsupportedCharsetException.class, (e, ctx) -> answer(ctx, 415, UNKNOWN_CHARSET));
        routes.exception(IllegalCharsetNameException.class, (e, ctx) -> answer(ctx, 415, UNKNOWN_CHARSET));
        routes.exception(KernelQueuedException.class, (e, ctx) -> {
            ctx.header("Retry-After", "2");
            Json.send(ctx, 503, body(e.getMessage(), UUID.randomUUID().toString()).put("queue", e.position()));
        });
        routes.exception(KernelUnavailableException.class, (e, ctx) -> answer(ctx, 503, e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), phrase(e.getStatus())));
        routes.exception(Exception.class, (e, ctx) -> {
            var id = UUID.randomUUID().toString();
            LOG.error("correlationId={} {} {} failed", id, ctx.method().name(), SecurityLog.clean(ctx.path()), e);
            Json.send(ctx, 500, body("Something went wrong on the server; the log has the details under this correlation id", id));
        });
    }

    /** Sends the error: its message and a correlation id. */
    static void answer(Context ctx, int status, String message) {
        answer(ctx, status, message, body -> { });
    }

    /**
     * Sends the error once, with the fields {@code details} adds to its body. A request no honest
     * client sends (malformed, too large, of a type no route takes) is logged in one line: any web
     * page can make a browser send one, so it must not cost a stack trace each.
     */
    static void answer(Context ctx, int status, String message, Consumer<ObjectNode> details) {
        var id = UUID.randomUUID().toString();
        if (MALFORMED.contains(status)) {
            LOG.info("correlationId={} refused a malformed request {} {}: {} {}", id, ctx.method().name(),
                    SecurityLog.clean(ctx.path()), status, message);
        } else {
            LOG.debug("correlationId={} {} {} answered {}: {}", id, ctx.method().name(), SecurityLog.clean(ctx.path()), status, message);
        }
        var body = body(message, id);
        details.accept(body);
        Json.send(ctx, status, body);
    }

    static ObjectNode body(String message, String correlationId) {
        return Json.object().put("message", message).put("correlationId", correlationId);
    }

    /** Fixed wording per status, so nothing from the request or the framework is echoed back. */
    static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Sign in first";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 408 -> "Request timed out";
            case 413 -> "Request too large";
            case 414 -> "Request URI too long";
            case 415 -> "Unsupported media type";
            case 423 -> "Locked";
            case 429 -> "Too many requests";
            case 431 -> "Request headers too large";
            case 503 -> "Service unavailable";
            default -> status >= 500 ? "Something went wrong on the server" : "Request refused";
        };
    }
}
