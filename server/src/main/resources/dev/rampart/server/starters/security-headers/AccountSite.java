package dev.rampart.kata.securityheaders;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members' site: a home page, the account page and its JSON, monthly statements, the
 * password-reset page, the site's own scripts and styles, and the files members upload.
 * {@link #app()} builds the Javalin app without starting it, so the caller picks host and port.
 */
public final class AccountSite {

    private final Member member;
    private final Path assets;
    private final Path uploads;

    /**
     * @param member  the signed-in member (signing in is another kata's business)
     * @param assets  the site's scripts, styles and images, served under {@code /assets}
     * @param uploads the files members uploaded, served under {@code /uploads}
     */
    public AccountSite(Member member, Path assets, Path uploads) {
        this.member = member;
        this.assets = assets;
        this.uploads = uploads;
    }

    /** The configured app, not started. */
    public Javalin app() {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.prefer405over404 = true;
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = assets.toString();
                files.location = Location.EXTERNAL;
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/uploads";
                files.directory = uploads.toString();
                files.location = Location.EXTERNAL;
            });
            config.routes.get("/", ctx -> page(ctx, HOME));
            config.routes.get("/account", ctx -> page(ctx, ACCOUNT.formatted(escape(member.name()), escape(member.email()), escape(member.iban()))));
            config.routes.get("/reset-password", ctx -> page(ctx, RESET.formatted(escape(Optional.ofNullable(ctx.queryParam("token")).orElse("")))));
            config.routes.get("/api/account", ctx -> ctx.json(member));
            config.routes.get("/api/statements/{month}", ctx -> {
                var month = YearMonth.parse(ctx.pathParam("month"));
                ctx.json(Map.of("month", month.toString(), "lines", List.of()));
            });
        });
    }

    private static void page(Context ctx, String html) {
        ctx.header("Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; style-src 'self' 'unsafe-inline'");
        ctx.header("Referrer-Policy", "no-referrer-when-downgrade");
        ctx.html(html);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static final String HOME = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Members</title>
              <link rel="stylesheet" href="/assets/site.css">
              <script src="/assets/site.js" defer></script>
            </head>
            <body>
              <h1>Welcome back</h1>
              <p><a href="/account">Your account</a> · <a href="/reset-password">Change your password</a></p>
              <p>© <span id="year"></span> The Members' Club</p>
              <script>document.getElementById('year').textContent = new Date().getFullYear();</script>
            </body>
            </html>
            """;

    private static final String ACCOUNT = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Your account</title>
              <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body>
              <h1>%s</h1>
              <dl><dt>E-mail</dt><dd>%s</dd><dt>IBAN</dt><dd>%s</dd></dl>
              <form method="post" action="/account/close"><button>Close my account</button></form>
            </body>
            </html>
            """;

    private static final String RESET = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Choose a new password</title>
              <link rel="stylesheet" href="/assets/site.css">
            </head>
            <body>
              <form method="post" action="/reset-password">
                <input type="hidden" name="token" value="%s">
                <label>New password <input type="password" name="password" autocomplete="new-password"></label>
                <button>Save</button>
              </form>
              <p>Need ideas? Read <a href="https://help.example.org/strong-passwords">how to pick a strong password</a>.</p>
            </body>
            </html>
            """;
}
