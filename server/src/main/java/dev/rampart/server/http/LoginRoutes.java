package dev.rampart.server.http;

import dev.rampart.server.security.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The only pages that answer without a credential: {@code GET /login} (a form, no inline
 * script) and {@code POST /login} (the token typed or pasted, exchanged for a session). The
 * start-up URL's {@code ?token=} does the same without the form (see {@link Guard}).
 */
final class LoginRoutes {

    private static final String PAGE = "/web/public/login.html";

    private final Authenticator authenticator;

    LoginRoutes(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", this::page, Access.PUBLIC);
        routes.post("/login", this::login, Access.PUBLIC);
        routes.post("/logout", this::logout, Access.SIGNED_IN);
    }

    void page(Context ctx) {
        try (var in = LoginRoutes.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("The server was built without " + PAGE + ": rebuild it");
            }
            ctx.html(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void login(Context ctx) {
        // The form posts urlencoded; anything else (multipart, JSON) is no sign-in attempt, and
        // parsing it would only give a crafted body more to break.
        var type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new Refusal(415, "Send the token as a form (application/x-www-form-urlencoded)");
        }
        Optional<Principal> accepted;
        try {
            accepted = authenticator.verify(ctx, ctx.formParam("token"));
        } catch (Refusal tooMany) {
            ctx.redirect("/login?wait", HttpStatus.SEE_OTHER);
            return;
        }
        if (accepted.isPresent()) {
            authenticator.signIn(ctx, accepted.get());
            ctx.redirect(Landing.of(accepted.get()), HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect("/login?failed", HttpStatus.SEE_OTHER);
        }
    }

    void logout(Context ctx) {
        authenticator.signOut(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }
}
