package dev.rampart.kata.errorhandling;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The accounts API: log in, look up a user, read the help pages. {@link #app()} builds the
 * Javalin app without starting it, so the caller picks host and port.
 *
 * <p>What goes wrong is told in full to the log and in general terms to the client: the log
 * entry and the answer share a correlation id, so support can find one from the other. Clients
 * never see exception texts, class names, SQL, file paths or software versions, and a failed
 * login answers the same whether or not the account exists.
 */
public final class AccountApi {

    /** Help page names are plain words; anything else is not a page, whatever the disk holds. */
    private static final Pattern DOCUMENT_NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private final UserDirectory users;
    private final PasswordCheck passwords;
    private final Path documents;
    private final ErrorLog log;
    /**
     * A hash of a password nobody knows, checked when the account does not exist: the unknown
     * name costs the same hashing work as a wrong password, so timing does not tell them apart.
     */
    private final String decoyHash;

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
        var unguessable = new byte[32];
        new SecureRandom().nextBytes(unguessable);
        this.decoyHash = passwords.hash(Base64.getEncoder().encodeToString(unguessable));
    }

    private record LoginRequest(String username, String password) {
    }

    private record Profile(long id, String name, String displayName) {
        static Profile of(User user) {
            return new Profile(user.id(), user.name(), user.displayName());
        }
    }

    /** Every error body: a fixed sentence per status, and for server faults the reference to quote. */
    private record Problem(String error) {
    }

    private record Failure(String error, String correlationId) {
    }

    private static final Problem BAD_REQUEST = new Problem("The request is not valid.");
    private static final Problem NOT_FOUND = new Problem("Not found.");
    private static final Problem LOGIN_FAILED = new Problem("Invalid username or password.");

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            // Jetty sends no Server or X-Powered-By header by default; nothing here turns them on.
            config.routes.post("/login", this::login);
            config.routes.get("/users/{id}", this::user);
            config.routes.get("/docs/{name}", this::document);
            config.routes.exception(Exception.class, this::unexpected);
        });
    }

    private void login(Context ctx) throws SQLException {
        var request = loginRequest(ctx);
        if (request.isEmpty()) {
            ctx.status(400).json(BAD_REQUEST);
            return;
        }
        var user = users.byName(request.get().username());
        var matches = passwords.matches(request.get().password(), user.map(User::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !matches) {
            // One answer for "no such user" and "wrong password": same status, same body, same headers.
            ctx.status(401).json(LOGIN_FAILED);
            return;
        }
        ctx.json(Profile.of(user.get()));
    }

    private static Optional<LoginRequest> loginRequest(Context ctx) {
        try {
            var request = ctx.bodyAsClass(LoginRequest.class);
            return request != null && request.username() != null && request.password() != null
                    ? Optional.of(request) : Optional.empty();
        } catch (Exception malformed) {
            // Malformed JSON is the client's mistake: a 400, and the parser's message stays here.
            return Optional.empty();
        }
    }

    private void user(Context ctx) throws SQLException {
        var id = parseId(ctx.pathParam("id"));
        if (id.isEmpty()) {
            ctx.status(400).json(BAD_REQUEST);
            return;
        }
        var user = users.byId(id.getAsLong());
        if (user.isEmpty()) {
            ctx.status(404).json(NOT_FOUND);
            return;
        }
        ctx.json(Profile.of(user.get()));
    }

    private static OptionalLong parseId(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    private void document(Context ctx) throws IOException {
        var name = ctx.pathParam("name");
        var file = DOCUMENT_NAME.matcher(name).matches() ? Optional.of(documents.resolve(name + ".md")) : Optional.<Path>empty();
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            // The 404 names neither the folder nor the file it looked for.
            ctx.status(404).json(NOT_FOUND);
            return;
        }
        ctx.contentType("text/markdown; charset=utf-8").result(Files.readString(file.get()));
    }

    /** Anything unforeseen (a database outage, a bug): the details go to the log, the client gets a reference. */
    private void unexpected(Exception e, Context ctx) {
        var correlationId = UUID.randomUUID().toString();
        log.error(correlationId, ctx.method() + " " + ctx.path(), e);
        ctx.status(500).json(new Failure("Something went wrong on our side. Quote this reference if you contact us.", correlationId));
    }
}
