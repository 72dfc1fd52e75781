package dev.rampart.kata.sessioncookies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.contract.Payloads;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.JsonBody;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.eclipse.jetty.http.HttpCookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The club's members' site, run for real on a free loopback port and used through {@link Visitor}s,
 * browsers with a cookie jar that parse every {@code Set-Cookie} with Jetty's RFC 6265 parser. The
 * test owns the site's clock ({@link TestClock}), so timeouts are tested by moving it, never by
 * waiting. An attack is judged by what the server then answers: {@code /api/me} says who a cookie
 * signs in, so every verdict is "the attacker's request was served as the member", never a match
 * on header text.
 *
 * <p>The club's policy, from the site's documentation: signed out after 15 minutes without a
 * request, and 8 hours after signing in.
 *
 * <p>Left out: the {@code __Secure-} prefix (weaker than {@code __Host-}, which the suite asks
 * for); {@code Partitioned} (CHIPS, for third-party cookies, which a first-party session is not);
 * stealing the cookie itself through XSS or sniffing (the {@code HttpOnly} and {@code Secure}
 * rules stand for them: what a browser would then do follows from the attribute); ids invented by
 * the attacker and adopted by the server (neither the starter nor any fix here adopts an unknown
 * id; the fixation cases plant one the server really issued, which works against any store).
 */
class MemberSiteTest {

    private static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(8);
    private static final String ALICE = "alice";
    private static final String ALICE_PASSWORD = "correct horse battery staple";

    private TestClock clock;
    private Javalin server;
    private LoopbackHttp http;

    @BeforeEach
    void start() {
        clock = TestClock.at(Instant.parse("2026-03-02T09:00:00Z"));
        var members = new Members();
        for (var line : Payloads.load("session-cookies/members.txt").payloads()) {
            var cells = line.split("\t");
            members = members.enrol(new Member(cells[0], cells[2], cells[3]), cells[1]);
        }
        server = new MemberSite(members, clock).app().start("127.0.0.1", 0);
        http = new LoopbackHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} signs in, sees their own account and signs out")
    @PayloadFile("session-cookies/members.txt")
    void signInAccountSignOut(String username, String password, String displayName, String email) {
        var browser = new Visitor(http);
        var form = browser.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(mediaType(form)).isEqualTo("text/html");
        assertThat(form.body()).as("the sign-in page").isNotBlank();

        var signIn = browser.signIn(username, password);
        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("Location")).contains("/account");
        var page = browser.get("/account");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(mediaType(page)).isEqualTo("text/html");
        var me = browser.get("/api/me");
        assertThat(Visitor.username(me)).contains(username);
        assertThat(JsonBody.text(me, "email")).contains(email);
        assertThat(JsonBody.text(me, "displayName")).contains(displayName);

        var signOut = browser.signOut();
        assertThat(signOut.statusCode()).isEqualTo(303);
        assertThat(signOut.headers().firstValue("Location")).contains("/login");
        assertThat(browser.cookies()).as("cookies the browser keeps after signing out").isEmpty();
        assertThat(browser.signedInAs()).as("who the browser is signed in as after signing out").isEmpty();
        assertThat(browser.get("/api/me").statusCode()).as("/api/me after signing out").isEqualTo(401);
        var again = browser.signOut();
        assertThat(again.statusCode()).as("signing out a second time").isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).contains("/login");
        var account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(account.headers().firstValue("Location")).contains("/login");
    }

    @Test
    void aVisitorAskingForTheAccountIsSentToSignInAndBack() {
        var browser = new Visitor(http);
        var home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).contains("/account");
        var account = browser.get("/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(account.headers().firstValue("Location")).contains("/login");

        assertThat(browser.signIn(ALICE, ALICE_PASSWORD).headers().firstValue("Location")).contains("/account");
        assertThat(browser.signedInAs()).contains(ALICE);
    }

    @Test
    void aWrongPasswordSignsNoOneIn() {
        var browser = new Visitor(http);
        browser.get("/login");

        var refused = browser.signIn(ALICE, "correct horse battery stable");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(mediaType(refused)).isEqualTo("text/html");
        var me = browser.get("/api/me");
        assertThat(me.statusCode()).isEqualTo(401);
        assertThat(JsonBody.text(me, "error")).isPresent();
        assertThat(browser.post("/login", Map.of("username", ALICE)).statusCode()).as("a sign-in without a password").isEqualTo(401);
        assertThat(browser.post("/login", Map.of("password", ALICE_PASSWORD)).statusCode()).as("a sign-in without a username").isEqualTo(401);
        assertThat(browser.signIn("mallory", ALICE_PASSWORD).statusCode()).isEqualTo(401);
        assertThat(browser.signedInAs()).isEmpty();
    }

    @Test
    void twoMembersEachSeeTheirOwnAccount() {
        var alice = new Visitor(http);
        var bob = new Visitor(http);
        alice.signIn(ALICE, ALICE_PASSWORD);
        bob.signIn("bob", "Tr0ub4dor&3 but longer");

        assertThat(alice.signedInAs()).contains(ALICE);
        assertThat(bob.signedInAs()).contains("bob");
        alice.signOut();
        assertThat(bob.signedInAs()).as("bob, after alice signed out").contains("bob");
    }

    @ParameterizedTest(name = "a member who pauses for {0} between requests stays signed in")
    @PayloadFile("session-cookies/short-pauses.txt")
    void pausesKeepTheSession(String pause) {
        var browser = new Visitor(http);
        browser.signIn(ALICE, ALICE_PASSWORD);

        for (var i = 0; i < 3; i++) {
            clock.advance(Duration.parse(pause));
            assertThat(browser.signedInAs()).as("after pause %d of %s", i + 1, pause).contains(ALICE);
        }
    }

    @Test
    void aMemberBusyAllMorningStaysSignedIn() {
        var browser = new Visitor(http);
        browser.signIn(ALICE, ALICE_PASSWORD);

        for (var minutes = 10; minutes <= 7 * 60 + 50; minutes += 10) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(browser.signedInAs()).as("%d minutes after signing in, active every 10", minutes).contains(ALICE);
        }
    }

    @Test
    void aMemberSignsInAgainAfterTheSessionEnded() {
        var browser = new Visitor(http);
        browser.signIn(ALICE, ALICE_PASSWORD);
        clock.advance(Duration.ofDays(1));
        browser.get("/login");

        assertThat(browser.signIn(ALICE, ALICE_PASSWORD).statusCode()).isEqualTo(303);
        assertThat(browser.signedInAs()).contains(ALICE);
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("the session cookie leaves a door open")
    @PayloadFile("session-cookies/cookie-rules.txt")
    void cookieRules(String rule, String gain) {
        var browser = new Visitor(http);
        browser.get("/login");
        browser.signIn(ALICE, ALICE_PASSWORD);
        var sessionCookies = browser.received().stream().filter(cookie -> !cookie.getValue().isEmpty()).toList();
        assertThat(sessionCookies).as("session cookies set on the first visit and at sign-in").isNotEmpty();

        var broken = sessionCookies.stream().filter(cookie -> !keeps(rule, cookie)).map(MemberSiteTest::describe).toList();

        assertThat(broken).as("session cookies that break the %s rule, so %s", rule, gain).isEmpty();
    }

    @Attack("the attacker plants a session id of his own in the victim's browser, and it is signed in when the victim signs in")
    void fixation() {
        var attacker = new Visitor(http);
        attacker.get("/login");
        var planted = onlyCookie(attacker);
        var victim = new Visitor(http).plant(planted.getKey(), planted.getValue());
        victim.get("/login");
        var signedInAt = clock.instant();
        victim.signIn(ALICE, ALICE_PASSWORD);

        var opened = new ArrayList<String>();
        for (var line : Payloads.load("session-cookies/planted-id-derivations.txt").payloads()) {
            var cells = line.split("\t");
            var guess = derive(cells[0], cells[1], planted.getValue(), signedInAt);
            var session = new Visitor(http).plant(planted.getKey(), guess).signedInAs();
            session.ifPresent(member -> opened.add(cells[0] + " " + cells[1] + " -> signed in as " + member));
        }

        assertThat(opened)
                .as("ids derived from the one the attacker planted (%s) that open the victim's account: the session must get a new,"
                        + " unrelated random id when the member signs in, and the planted one must stop working", planted.getValue())
                .isEmpty();
    }

    @Attack("the attacker signs in with his own account, plants that session in the victim's browser, and it becomes hers when she signs in")
    void fixationWithASignedInSession() {
        var attacker = new Visitor(http);
        attacker.signIn("bob", "Tr0ub4dor&3 but longer");
        var planted = onlyCookie(attacker);
        var victim = new Visitor(http).plant(planted.getKey(), planted.getValue());
        victim.signIn(ALICE, ALICE_PASSWORD);
        assertThat(victim.signedInAs()).as("the victim after signing in").contains(ALICE);

        assertThat(new Visitor(http).plant(planted.getKey(), planted.getValue()).signedInAs())
                .as("who the planted id %s signs in after the victim signed in with it in her browser: every sign-in must"
                        + " end the session the browser came with, whoever it belonged to", planted.getValue())
                .isEmpty();
    }

    @Attack("a session id copied before the member signed out still opens the account")
    void replayAfterSignOut() {
        var victim = new Visitor(http);
        victim.signIn(ALICE, ALICE_PASSWORD);
        var copied = victim.cookies();
        victim.signOut();

        var thief = new Visitor(http);
        copied.forEach(thief::plant);

        assertThat(thief.signedInAs())
                .as("the copied cookie %s after the member signed out: signing out must end the session on the server, not only"
                        + " ask the browser to forget the cookie", copied)
                .isEmpty();
    }

    @AttackFamily("a stolen session is used after the member has been away")
    @PayloadFile("session-cookies/idle-gaps.txt")
    void idleSessionAccepted(String away) {
        var victim = new Visitor(http);
        victim.signIn(ALICE, ALICE_PASSWORD);
        var thief = new Visitor(http);
        victim.cookies().forEach(thief::plant);

        clock.advance(Duration.parse(away));

        assertThat(thief.signedInAs())
                .as("who the stolen cookie signs in after %s without a request: the server must end a session idle for 15 minutes,"
                        + " whatever the cookie's own lifetime says", away)
                .isEmpty();
    }

    @Attack("a stolen session kept busy with a request every ten minutes is never signed out")
    void absoluteTimeoutIgnored() {
        var victim = new Visitor(http);
        victim.signIn(ALICE, ALICE_PASSWORD);
        var thief = new Visitor(http);
        victim.cookies().forEach(thief::plant);

        var lastAccepted = Duration.ZERO;
        for (var elapsed = Duration.ofMinutes(10); elapsed.compareTo(ABSOLUTE_TIMEOUT.plusHours(4)) <= 0; elapsed = elapsed.plusMinutes(10)) {
            clock.advance(Duration.ofMinutes(10));
            if (thief.signedInAs().isPresent()) {
                lastAccepted = elapsed;
            }
        }

        assertThat(lastAccepted)
                .as("how long after sign-in the stolen cookie was still served: the server must end every session 8 hours after"
                        + " sign-in, however busy it is kept")
                .isLessThanOrEqualTo(ABSOLUTE_TIMEOUT);
    }

    @Attack("the session id written in the URL opens the account")
    void sessionIdInTheUrl() {
        var victim = new Visitor(http);
        victim.signIn(ALICE, ALICE_PASSWORD);
        var cookie = onlyCookie(victim);

        var opened = new ArrayList<String>();
        for (var template : Payloads.load("session-cookies/url-carriers.txt").payloads()) {
            var target = template.replace("{id}", cookie.getValue()).replace("{name}", cookie.getKey());
            Visitor.username(new Visitor(http).get(target)).ifPresent(member -> opened.add(target + " -> " + member));
        }

        assertThat(opened)
                .as("URLs with no cookie that are served as the member: the id must be read from the cookie only, or it leaks"
                        + " through Referer, history and logs, and a link can fix a victim's session")
                .isEmpty();
    }

    @Attack("the attacker predicts the next visitor's session id from his own")
    void predictableIds() {
        var attacker = new Visitor(http);
        attacker.get("/login");
        var own = onlyCookie(attacker);
        var victim = new Visitor(http);
        victim.get("/login");
        victim.signIn(ALICE, ALICE_PASSWORD);

        var opened = new ArrayList<String>();
        for (var guess : RandomPrediction.following(own.getValue(), 4)) {
            new Visitor(http).plant(own.getKey(), guess).signedInAs().ifPresent(member -> opened.add(guess + " -> " + member));
        }

        assertThat(opened)
                .as("ids predicted from the attacker's own (%s) that open someone's account: ids must come from a"
                        + " cryptographically secure generator (java.util.Random gives its whole state away in one nextLong)",
                        own.getValue())
                .isEmpty();
    }

    @Attack("session ids carry too few unpredictable bits to resist guessing")
    void shortIds() {
        var ids = IntStream.range(0, 128).mapToObj(i -> {
            var visitor = new Visitor(http);
            visitor.get("/login");
            return onlyCookie(visitor).getValue();
        }).toList();

        assertThat(new HashSet<>(ids)).as("distinct ids among 128 first visits").hasSize(ids.size());
        assertThat(bitsThatVary(ids))
                .as("bits that vary across 128 fresh session ids (for example %s): OWASP's cheat sheet counts on a good generator"
                        + " giving an id half its length in entropy and asks for at least 64 bits of it, so the id needs 128", ids.get(0))
                .isGreaterThanOrEqualTo(128.0);
    }

    // ---------------------------------------------------------------- oracles and helpers

    /** One rule of cookie-rules.txt, as RFC 6265bis and the OWASP cheat sheet state it. */
    private static boolean keeps(String rule, HttpCookie cookie) {
        return switch (rule) {
            case "HttpOnly" -> cookie.isHttpOnly();
            case "Secure" -> cookie.isSecure();
            case "SameSite" -> cookie.getSameSite() == HttpCookie.SameSite.LAX || cookie.getSameSite() == HttpCookie.SameSite.STRICT;
            // RFC 6265bis §4.1.3.2: a __Host- cookie is Secure, host-only (no Domain) and for the whole site (Path=/).
            case "__Host-" -> cookie.getName().startsWith("__Host-") && cookie.isSecure() && cookie.getDomain() == null
                    && "/".equals(cookie.getPath());
            // A session cookie (no Max-Age, no Expires) ends with the browser; a Max-Age, which wins over Expires, may not
            // outlast the session's absolute timeout.
            case "lifetime" -> cookie.getMaxAge() >= 0
                    ? cookie.getMaxAge() <= ABSOLUTE_TIMEOUT.toSeconds()
                    : cookie.getExpires() == null;
            default -> throw new IllegalArgumentException("unknown rule " + rule);
        };
    }

    private static String mediaType(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").map(type -> type.split(";")[0].strip()).orElse("");
    }

    private static String describe(HttpCookie cookie) {
        return cookie.getName() + "=" + cookie.getValue() + " " + cookie.getAttributes();
    }

    /** The one cookie the site has left in the visitor's jar: the session cookie, name and value. */
    private static Map.Entry<String, String> onlyCookie(Visitor visitor) {
        assertThat(visitor.cookies()).as("cookies the site set").hasSize(1);
        return visitor.cookies().entrySet().iterator().next();
    }

    /**
     * An estimate from above of the id's entropy: at each character position, log2 of how many
     * different characters the samples show there. A counter, a timestamp or a fixed prefix varies
     * in few positions; 16 hex digits cannot exceed 64 bits whatever made them.
     */
    private static double bitsThatVary(List<String> ids) {
        var length = ids.stream().mapToInt(String::length).min().orElse(0);
        var bits = 0.0;
        for (var position = 0; position < length; position++) {
            Set<Character> seen = new HashSet<>();
            for (var id : ids) {
                seen.add(id.charAt(position));
            }
            bits += Math.log(seen.size()) / Math.log(2);
        }
        return bits;
    }

    /** One line of planted-id-derivations.txt, filled in with the planted id and the sign-in time. */
    private static String derive(String encoding, String template, String planted, Instant signedInAt) {
        var text = template.replace("{id}", planted)
                .replace("{millis}", Long.toString(signedInAt.toEpochMilli()))
                .replace("{seconds}", Long.toString(signedInAt.getEpochSecond()));
        return switch (encoding) {
            case "plain" -> text;
            case "sha256-hex" -> HexFormat.of().formatHex(sha256(text));
            case "sha256-base64url" -> Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(text));
            default -> throw new IllegalArgumentException("unknown encoding " + encoding);
        };
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
