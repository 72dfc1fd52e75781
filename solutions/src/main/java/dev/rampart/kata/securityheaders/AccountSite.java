package dev.rampart.kata.securityheaders;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Year;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The members' site: a home page, the account page and its JSON, monthly statements, the
 * password-reset page, the site's own scripts and styles, and the files members upload.
 * {@link #app()} builds the Javalin app without starting it, so the caller picks host and port.
 *
 * <p>The protective headers are set in one {@code before} handler, so every answer carries them:
 * pages, JSON, static files, uploads, and the 404, 405 and 500 answers, which a browser turns into
 * documents like any other. Setting them per page is how error pages end up unprotected.
 */
public final class AccountSite {

    /**
     * Scripts and styles from this origin only, no inline script or style (the pages have none), no
     * plugins, no {@code <base>} re-pointing relative URLs, forms posting home only, and no framing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final Map<String, String> EVERY_RESPONSE = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            // Browsers that predate frame-ancestors read this instead.
            "X-Frame-Options", "DENY",
            // Without it, a text/plain upload runs when a <script src> points at it; same-origin, so CSP lets it.
            "X-Content-Type-Options", "nosniff",
            // Other sites learn the origin a visitor came from, never a path or a query with a token in it.
            "Referrer-Policy", "strict-origin-when-cross-origin",
            // The site uses none of these; switched off, no script in its pages can prompt for them.
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");

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
            config.routes.before(ctx -> EVERY_RESPONSE.forEach(ctx::header));
            config.routes.get("/", ctx -> ctx.html(HOME.formatted(Year.now())));
            config.routes.get("/account", ctx -> personal(ctx).html(
                    ACCOUNT.formatted(escape(member.name()), escape(member.email()), escape(member.iban()))));
            config.routes.get("/reset-password", ctx -> personal(ctx).html(
                    RESET.formatted(escape(Optional.ofNullable(ctx.queryParam("token")).orElse("")))));
            config.routes.get("/api/account", ctx -> personal(ctx).json(member));
            config.routes.get("/api/statements/{month}", ctx -> {
                var month = YearMonth.parse(ctx.pathParam("month"));
                personal(ctx).json(Map.of("month", month.toString(), "lines", List.of()));
            });
        });
    }

    /** Personal data and secrets: no cache may keep a copy, not even the browser's (back button, shared computers). */
    private static Context personal(Context ctx) {
        return ctx.header("Cache-Control", "no-store");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    // The year is written by the server: an inline script would need 'unsafe-inline', or a nonce or hash.
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
              <p>© %s The Members' Club</p>
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
