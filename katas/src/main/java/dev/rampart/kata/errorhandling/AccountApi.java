package dev.rampart.kata.errorhandling;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The accounts API: log in, look up a user, read the help pages. {@link #app()} builds the
 * Javalin app without starting it, so the caller picks host and port.
 */
public final class AccountApi {

    private final UserDirectory users;
    private final PasswordCheck passwords;
    private final Path documents;
    private final ErrorLog log;

    /**
     * @param users     the account directory
     * @param passwords the password hashing scheme the directory's hashes use
     * @param documents the folder of help pages, {@code <name>.md}
     * @param log       where failures are recorded
     */
    public AccountApi(UserDirectory users, PasswordCheck passwords, Path documents, ErrorLog log) {
        this.users = users;
        this.passwords = passwords;
        this.documents = documents;
        this.log = log;
    }

    private record LoginRequest(String username, String password) {
    }

    private record Profile(long id, String name, String displayName) {
        static Profile of(User user) {
            return new Profile(user.id(), user.name(), user.displayName());
        }
    }

    private record Problem(String error) {
    }

    private record Failure(String error, String correlationId, List<String> trace) {
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(true);
                http.setSendXPoweredBy(true);
            });
            config.routes.post("/login", this::login);
            config.routes.get("/users/{id}", this::user);
            config.routes.get("/docs/{name}", this::document);
            config.routes.exception(SQLException.class, (e, ctx) -> fail(ctx, "Database error: " + e.getMessage(), e));
            config.routes.exception(Exception.class, (e, ctx) -> fail(ctx, e.toString(), e));
        });
    }

    private void login(Context ctx) throws SQLException {
        var request = ctx.bodyAsClass(LoginRequest.class);
        var user = users.byName(request.username());
        if (user.isEmpty()) {
            ctx.status(404).json(new Problem("No account named " + request.username()));
            return;
        }
        if (!passwords.matches(request.password(), user.get().passwordHash())) {
            ctx.status(401).json(new Problem("Wrong password for " + user.get().name()));
            return;
        }
        ctx.json(Profile.of(user.get()));
    }

    private void user(Context ctx) throws SQLException {
        var id = Long.parseLong(ctx.pathParam("id"));
        var user = users.byId(id);
        if (user.isEmpty()) {
            ctx.status(404).json(new Problem("No user with id " + id));
            return;
        }
        ctx.json(Profile.of(user.get()));
    }

    private void document(Context ctx) throws IOException {
        var file = documents.resolve(ctx.pathParam("name") + ".md");
        try {
            ctx.contentType("text/markdown; charset=utf-8").result(Files.readString(file));
        } catch (NoSuchFileException e) {
            ctx.status(404).json(new Problem("Document not found: " + e.getMessage()));
        }
    }

    private void fail(Context ctx, String message, Exception e) {
        var correlationId = UUID.randomUUID().toString();
        log.error(correlationId, ctx.method() + " " + ctx.path(), e);
        var trace = Arrays.stream(e.getStackTrace()).limit(12).map(String::valueOf).toList();
        ctx.status(500).json(new Failure(message, correlationId, trace));
    }
}
