package dev.rampart.kata.csrf;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's web site: a customer signs in, sees the account, changes the e-mail address, sends
 * money with a form or the page's quick-pay button (which posts JSON), pays a recent payee again,
 * and signs out. The session is a cookie. {@link #app()} builds the Javalin app without starting
 * it, so the caller picks host and port.
 */
public final class BankSite {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Bank bank;
    /** Session id (the cookie's value) to the customer signed in with it. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();

    public BankSite(Bank bank) {
        this.bank = bank;
    }

    private record QuickPay(String to, long amount) {
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // HTML forms send only GET and POST: a _method parameter names the verb the route uses.
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter((Filter) (request, response, chain) -> {
                var method = request.getParameter("_method");
                chain.doFilter(method == null ? request : new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public String getMethod() {
                        return method.toUpperCase(Locale.ROOT);
                    }
                }, response);
            }, "/*", EnumSet.of(DispatcherType.REQUEST)));

            config.routes.get("/", ctx -> ctx.redirect("/account", HttpStatus.SEE_OTHER));
            config.routes.get("/login", ctx -> ctx.html(Pages.login(false)));
            config.routes.post("/login", this::login);
            config.routes.get("/account", this::account);
            config.routes.put("/account/email", ctx -> {
                bank.changeEmail(customer(ctx), param(ctx, "email"));
                ctx.redirect("/account", HttpStatus.SEE_OTHER);
            });
            config.routes.post("/transfers", this::transfer);
            config.routes.get("/transfers/again", this::transfer);
            config.routes.post("/api/transfers", ctx -> {
                var pay = ctx.bodyAsClass(QuickPay.class);
                ctx.status(bank.transfer(customer(ctx), pay.to(), pay.amount()) ? HttpStatus.CREATED : HttpStatus.UNPROCESSABLE_CONTENT);
            });
            config.routes.post("/logout", ctx -> {
                Optional.ofNullable(ctx.cookie("session")).ifPresent(sessions::remove);
                ctx.header("Set-Cookie", "session=; Path=/; Max-Age=0");
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            });
            config.routes.exception(SignedOut.class, (e, ctx) -> {
                if (ctx.method().name().equals("GET")) {
                    ctx.redirect("/login", HttpStatus.SEE_OTHER);
                } else {
                    ctx.status(HttpStatus.UNAUTHORIZED);
                }
            });
        });
    }

    private void login(Context ctx) {
        var owner = param(ctx, "username");
        if (owner == null || !bank.passwordMatches(owner, param(ctx, "password"))) {
            ctx.status(HttpStatus.UNAUTHORIZED).html(Pages.login(true));
            return;
        }
        var id = newId();
        sessions.put(id, owner);
        ctx.header("Set-Cookie", "session=" + id + "; Path=/; HttpOnly");
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void account(Context ctx) {
        var owner = customer(ctx);
        var recent = bank.transfers().stream().filter(t -> t.from().equals(owner)).toList();
        ctx.html(Pages.account(bank.account(owner).orElseThrow(), recent));
    }

    private void transfer(Context ctx) {
        long amount;
        try {
            amount = Long.parseLong(param(ctx, "amount"));
        } catch (NumberFormatException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            return;
        }
        if (!bank.transfer(customer(ctx), param(ctx, "to"), amount)) {
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            return;
        }
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    /** The customer the session cookie belongs to. */
    private String customer(Context ctx) {
        return Optional.ofNullable(ctx.cookie("session")).map(sessions::get).orElseThrow(SignedOut::new);
    }

    private static String param(Context ctx, String name) {
        return ctx.req().getParameter(name);
    }

    private static String newId() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static final class SignedOut extends RuntimeException {
        SignedOut() {
            super(null, null, false, false);
        }
    }
}
