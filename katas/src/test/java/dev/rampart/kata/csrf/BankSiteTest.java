package dev.rampart.kata.csrf;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Chromium;
import dev.rampart.kata.support.ClassFileCalls;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import io.javalin.Javalin;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bank's site, run for real on a free loopback port. The victim, alice, is signed in; the
 * attacker, mallory, has an account of her own and a web page the victim visits.
 *
 * <p>The star attacks run in a real browser (Debian's Chromium, through Playwright): the attacker's
 * page is served from a second loopback server and submits a form to the bank by itself, and the
 * browser decides which cookies go along. {@code http://localhost:<port>} is another <em>site</em>
 * than {@code http://127.0.0.1:<port>} (cross-site), while {@code http://127.0.0.1} on another port is
 * the <em>same site</em> on another origin, which is what a sibling subdomain is to a bank: SameSite
 * cookies go along to it.
 *
 * <p>The other forgeries are written at the HTTP level, as the browsers that send neither
 * {@code Origin} nor {@code Sec-Fetch-Site} send them (older browsers; extensions and proxies that
 * strip them): the victim's cookie and what the attacker's form holds, nothing else. For those the
 * token is the only defence, so they test it alone; the browser-provided headers are attacked
 * on their own with a forged sign-in (login CSRF), where there is no session and so no token yet.
 * Every request names the site {@code bank.example} in its {@code Host}. The harm is read where it
 * lands: a transfer in the bank's books, the victim's e-mail address, a session opened.
 *
 * <p>Left out: XSS, which reads any token off the page (kata 20); clickjacking, where the victim's
 * own click sends the token (security headers, kata 18); CORS that lets another origin read the
 * token (kata 19); guessing a token (it comes from SecureRandom; kata 8 attacks weak randomness).
 */
class BankSiteTest {

    private static final String HOST = "bank.example";
    private static final String FORGED_TRANSFER = "to=mallory&amount=99900";

    /** Launched by the first case that needs a browser: a proof run of HTTP-level cases only never starts one. */
    private static Chromium chromium;

    private Bank bank;
    private Javalin site;
    private Javalin attackerSite;
    private LoopbackHttp http;
    private BrowserContext browsing;

    private static Chromium chromium() {
        if (chromium == null) {
            chromium = Chromium.launch("The csrf kata's cross-site attacks");
        }
        return chromium;
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /** A fresh bank and site for every case: each case sees the app its own code built. */
    @BeforeEach
    void open() {
        bank = new Bank();
        bank.open("alice", "correct horse battery", "alice@example.org", 1_250_000);
        bank.open("bob", "bob's long passphrase", "bob@example.org", 50_000);
        bank.open("mallory", "mallory's passphrase", "mallory@evil.example", 100);
        site = new BankSite(bank).app().start("127.0.0.1", 0);
        http = new LoopbackHttp(site.port());
    }

    @AfterEach
    void close() {
        if (browsing != null) {
            browsing.close();
        }
        if (attackerSite != null) {
            attackerSite.stop();
        }
        site.stop();
    }

    // ---------------------------------------------------------------- honest use

    @Test
    void theCustomerSendsMoneyChangesTheEmailAndPaysAgainWithTheSitesOwnPages() {
        bank.transfer("mallory", "bob", 50);
        var page = signedInBrowser("alice", "correct horse battery");

        afterNavigation(page, "/account", () -> {
            page.fill("#email input[name=email]", "alice@new.example.org");
            page.click("#email button");
        });
        afterNavigation(page, "/account", () -> {
            page.fill("#transfer input[name=to]", "bob");
            page.fill("#transfer input[name=amount]", "1500");
            page.click("#transfer button");
        });
        afterNavigation(page, "/account", () -> page.locator("#recent a.again, #recent form.again button").first().click());
        PlaywrightAssertions.assertThat(page.locator("#balance")).hasText("12470.00");
        PlaywrightAssertions.assertThat(page.locator("#recent li").first()).containsText("bob, 15.00");
        page.waitForResponse(answer -> answer.url().endsWith("/api/transfers"), () -> {
            page.fill("#quick-pay input[name=to]", "bob");
            page.fill("#quick-pay input[name=amount]", "700");
            page.click("#quick-pay button");
        });
        PlaywrightAssertions.assertThat(page.locator("#quick-pay-result")).hasText("Sent");

        assertThat(bank.account("alice").orElseThrow().email()).isEqualTo("alice@new.example.org");
        assertThat(bank.account("alice").orElseThrow().balance()).isEqualTo(1_246_300);
        assertThat(bank.account("bob").orElseThrow().balance()).isEqualTo(53_750);
        assertThat(bank.transfers()).containsExactly(new Transfer("mallory", "bob", 50), new Transfer("alice", "bob", 1500),
                new Transfer("alice", "bob", 1500), new Transfer("alice", "bob", 700));
    }

    @Test
    void signingOutEndsTheSession() {
        var page = signedInBrowser("alice", "correct horse battery");
        var cookie = sessionCookie();
        var fields = hiddenFields(page);

        afterNavigation(page, "/login", () -> page.click("#logout button"));

        var answer = request("GET", "/account").header("Cookie", cookie).send();
        assertThat(answer.statusCode()).as("the account page with the cookie of a signed-out session").isEqualTo(303);
        assertThat(browsing.cookies()).as("the browser's cookies after signing out").noneMatch(c -> c.name.equals("session"));
        var late = ownPage("POST", "/transfers", cookie).body("to=bob&amount=100" + formOf(fields)).send();
        assertThat(late.statusCode()).as("a transfer with the signed-out session's cookie and token").isEqualTo(401);
        assertThat(bank.transfers()).isEmpty();
    }

    @Test
    void aTransferTheBankCannotMakeIsRefused() {
        var page = signedInBrowser("alice", "correct horse battery");
        var form = formOf(hiddenFields(page));

        var answers = new LinkedHashMap<String, Integer>();
        for (var body : List.of("to=bob&amount=ten", "to=bob&amount=", "to=nobody&amount=100", "to=bob&amount=99999999", "to=bob&amount=-5",
                "to=bob&amount=0", "to=alice&amount=100")) {
            answers.put(body, ownPage("POST", "/transfers", sessionCookie()).body(body + form).send().statusCode());
        }

        assertThat(answers).as("answers to transfers the bank cannot make").containsExactly(Map.entry("to=bob&amount=ten", 400),
                Map.entry("to=bob&amount=", 400), Map.entry("to=nobody&amount=100", 422), Map.entry("to=bob&amount=99999999", 422),
                Map.entry("to=bob&amount=-5", 422), Map.entry("to=bob&amount=0", 422), Map.entry("to=alice&amount=100", 422));
        assertThat(bank.transfers()).isEmpty();
    }

    @Test
    void aQuickPayTheBankCannotMakeIsRefused() {
        var cookie = signIn("alice", "correct horse battery");
        var exchange = request("POST", "/api/transfers").header("Cookie", cookie).header("Origin", "http://" + HOST)
                .header("Sec-Fetch-Site", "same-origin").header("Content-Type", "application/json");
        pageToken(cookie).ifPresent(token -> exchange.header("X-CSRF-Token", token));

        var answer = exchange.body("{\"to\":\"bob\",\"amount\":99999999}").send();

        assertThat(answer.statusCode()).as("a quick pay of more than the balance").isEqualTo(422);
        assertThat(bank.transfers()).isEmpty();
    }

    @Test
    void theWholeBalanceCanBeSentAndNoMore() {
        var cookie = signIn("mallory", "mallory's passphrase");
        var form = formOf(pageFields(cookie));

        var all = ownPage("POST", "/transfers", cookie).body("to=bob&amount=100" + form).send();
        var more = ownPage("POST", "/transfers", cookie).body("to=bob&amount=1" + form).send();

        assertThat(List.of(all.statusCode(), more.statusCode())).as("sending the whole balance of 100, then 1 more").containsExactly(303, 422);
        assertThat(Jsoup.parse(request("GET", "/account").header("Cookie", cookie).send().body()).select("#balance").text()).isEqualTo("0.00");
        assertThat(bank.account("bob").orElseThrow().balance()).isEqualTo(50_100);
    }

    @Test
    void theBankMovesMoneyOnlyBetweenTwoKnownAccounts() {
        assertThat(bank.transfer("nobody", "bob", 1)).as("from an unknown account").isFalse();
        assertThat(bank.transfer("alice", "nobody", 1)).as("to an unknown account").isFalse();
        assertThat(bank.passwordMatches("nobody", "correct horse battery")).as("the password of an unknown customer").isFalse();
        assertThat(bank.transfers()).isEmpty();
    }

    @Test
    void theSitesAddressOpensTheAccount() {
        var answer = request("GET", "/").header("Cookie", signIn("alice", "correct horse battery")).send();

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/account");
    }

    @Test
    void aVisitorWhoIsNotSignedInIsSentToAnUntouchedSignInForm() {
        var account = request("GET", "/account").send();
        var signIn = request("GET", "/login").send();

        assertThat(account.statusCode()).isEqualTo(303);
        assertThat(account.headers().firstValue("Location")).contains("/login");
        assertThat(Jsoup.parse(signIn.body()).select("#login input[name=username]")).hasSize(1);
        assertThat(Jsoup.parse(signIn.body()).select(".error")).as("an error shown before any attempt").isEmpty();
    }

    @Test
    void anEmailFormWithoutItsFieldLeavesTheAccountPageWorking() {
        var cookie = signIn("alice", "correct horse battery");

        ownPage("POST", "/account/email", cookie).body("_method=PUT" + formOf(pageFields(cookie))).send();

        assertThat(request("GET", "/account").header("Cookie", cookie).send().statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "signing in with {0} opens no session and says why")
    @ValueSource(strings = {"username=alice&password=Correct+horse+battery", "username=nobody&password=correct+horse+battery",
            "password=correct+horse+battery", "username=alice"})
    void aFailedSignInOpensNoSessionAndSaysWhy(String form) {
        var answer = request("POST", "/login").header("Origin", "http://" + HOST).header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/x-www-form-urlencoded").body(form).send();

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(sessionFrom(answer)).isEmpty();
        assertThat(Jsoup.parse(answer.body()).select(".error").text()).isEqualTo("Wrong name or password.");
    }

    @ParameterizedTest(name = "the sign-in form posted with Origin {0}, Sec-Fetch-Site {1}, Referer {2} signs the customer in")
    @PayloadFile("csrf/legitimate-sign-ins.txt")
    void theSignInFormWorks(String origin, String fetchSite, String referer) {
        var answer = signInRequest("alice", "correct horse battery", origin, fetchSite, referer);

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(owner(sessionFrom(answer))).contains("alice");
    }

    // ---------------------------------------------------------------- attacks in the browser

    @Attack("a page on another site submits a transfer form to the bank while the victim is signed in")
    void crossSiteFormPost() {
        signedInBrowser("alice", "correct horse battery");

        var attack = "http://localhost:%d/".formatted(serveAttackerPage("/transfers", Map.of("to", "mallory", "amount", "99900")));
        visit(attack);

        assertThat(bank.transfers())
                .as("the page at %s submitted a form to the bank, the browser sent the victim's session cookie with it (a cookie"
                        + " with no SameSite attribute goes along on a cross-site POST in the two minutes after it is set, and"
                        + " always in browsers without Lax by default), and the money moved: a state-changing request must carry a"
                        + " secret token from the bank's own page, which the other site cannot read", attack)
                .doesNotContain(new Transfer("alice", "mallory", 99_900));
    }

    @Attack("a page on a sibling origin of the same site changes the victim's e-mail, SameSite cookie and all")
    void sameSiteSiblingPost() {
        signedInBrowser("alice", "correct horse battery");

        var attack = "http://127.0.0.1:%d/".formatted(serveAttackerPage("/account/email", Map.of("_method", "PUT", "email", "mallory@evil.example")));
        visit(attack);

        assertThat(bank.account("alice").orElseThrow().email())
                .as("the page at %s is another origin of the same site (as a sibling subdomain is), so even a SameSite=Lax or"
                        + " Strict cookie went along with its form, and the victim's e-mail now lets the attacker reset the password:"
                        + " SameSite is defence in depth, the token is the defence", attack)
                .isEqualTo("alice@example.org");
    }

    // ---------------------------------------------------------------- forgeries at the HTTP level

    @AttackFamily("a page on another site posts a state-changing form with the victim's cookie and no token")
    @PayloadFile("csrf/forged-forms.txt")
    void missingToken(String path, String body) {
        var victim = signIn("alice", "correct horse battery");

        var answer = forged("POST", path, victim, "application/x-www-form-urlencoded", body);

        assertThat(harm()).as("%s %s with the victim's cookie and no token was obeyed (%d): every request that changes state"
                + " (POST, and the PUT or DELETE a _method field makes of it) must carry the session's token", path, body, answer.statusCode())
                .isEmpty();
        assertThat(answer.statusCode()).as("the answer to %s %s without a token: a refusal is a 4xx that says so; a 5xx means the"
                + " check itself failed (a missing token is the commonest forgery, not an error)", path, body).isBetween(400, 499);
    }

    @AttackFamily("the attacker copies the token from her own account page into the forged form")
    @PayloadFile("csrf/forged-forms.txt")
    void tokenFromAnotherSession(String path, String body) {
        var victim = signIn("alice", "correct horse battery");
        var attackersPage = signedInBrowser("mallory", "mallory's passphrase");
        var stolen = hiddenFields(attackersPage);

        var answer = forged("POST", path, victim, "application/x-www-form-urlencoded", body + formOf(stolen), metaToken(attackersPage));

        assertThat(harm()).as("%s with the token of the attacker's own session %s was obeyed for the victim (%d): a token"
                + " must belong to one session and be checked against that session's, not against any token the site issued",
                path, stolen, answer.statusCode()).isEmpty();
    }

    @Attack("the attacker reads the token from a URL the victim's browser requested, and forges a transfer with it")
    void tokenInUrl() {
        var page = signedInBrowser("alice", "correct horse battery");
        var requested = new CopyOnWriteArrayList<String>();
        browsing.onRequest(request -> requested.add(request.url()));
        afterNavigation(page, "/account", () -> {
            page.fill("#transfer input[name=to]", "bob");
            page.fill("#transfer input[name=amount]", "1500");
            page.click("#transfer button");
        });
        afterNavigation(page, "/account", () -> {
            page.fill("#email input[name=email]", "alice@example.org");
            page.click("#email button");
        });
        var leaked = new LinkedHashMap<String, String>();
        requested.stream().map(url -> URI.create(url).getRawQuery()).filter(q -> q != null).forEach(q -> leaked.putAll(query(q)));
        var before = bank.transfers().size();

        var answer = forged("POST", "/transfers", sessionCookie(), "application/x-www-form-urlencoded", FORGED_TRANSFER + formOf(leaked));

        assertThat(bank.transfers().subList(before, bank.transfers().size()))
                .as("from the query strings of the URLs the victim's browser requested (%s), which end up in history, server and"
                        + " proxy logs and Referer headers, the attacker forged a transfer that was obeyed (%d): the token goes in a"
                        + " POST body or a header, never in a URL", leaked, answer.statusCode())
                .isEmpty();
    }

    @Attack("a token copied from the victim's page before she signed out still works after she signs in again")
    void tokenAfterSignOut() {
        var page = signedInBrowser("alice", "correct horse battery");
        var old = hiddenFields(page);
        var oldHeader = metaToken(page);
        afterNavigation(page, "/login", () -> page.click("#logout button"));
        afterNavigation(page, "/account", () -> {
            page.fill("#login input[name=username]", "alice");
            page.fill("#login input[name=password]", "correct horse battery");
            page.click("#login button");
        });

        var answer = forged("POST", "/transfers", sessionCookie(), "application/x-www-form-urlencoded", FORGED_TRANSFER + formOf(old), oldHeader);

        assertThat(harm()).as("the token of a session that was signed out (%s) was accepted in the new session (%d): a token"
                + " lives and dies with its session", old, answer.statusCode()).isEmpty();
    }

    @Attack("a sibling subdomain plants a token cookie and posts the same value as the form's token")
    void plantedCookie() {
        var victim = signIn("alice", "correct horse battery");
        var planted = "planted-by-a-sibling-subdomain-0123456789";
        var fields = Map.of("csrf", planted, "_csrf", planted, "csrf_token", planted, "token", planted);

        var answer = http.request("POST", "/transfers").header("Host", HOST)
                .header("Cookie", victim + "; csrf=" + planted + "; XSRF-TOKEN=" + planted + "; csrf_token=" + planted)
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", planted).header("X-XSRF-TOKEN", planted)
                .body(FORGED_TRANSFER + formOf(fields)).send();

        assertThat(harm()).as("a page on a sibling subdomain can set cookies for the whole site (cookie tossing), so a token that"
                + " only has to match a cookie is the attacker's choice: the forged transfer was obeyed (%d); keep the token on"
                + " the server with the session, or sign it with the session", answer.statusCode()).isEmpty();
    }

    @AttackFamily("a link or a cross-site navigation changes state with a GET")
    @PayloadFile("csrf/unsafe-gets.txt")
    void stateChangedByGet(String target) {
        var victim = signIn("alice", "correct horse battery");

        var answer = http.request("GET", target).header("Host", HOST).header("Cookie", victim)
                .header("Sec-Fetch-Site", "cross-site").header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document").send();

        assertThat(harm()).as("GET %s, which any link, image or top-level navigation sends with the victim's cookie (SameSite=Lax"
                + " included), changed state (%d): a GET only reads, and a _method parameter never turns it into a POST", target,
                answer.statusCode()).isEmpty();
    }

    @AttackFamily("a form on another site posts the JSON transfer as text/plain, which needs no preflight")
    @PayloadFile("csrf/json-as-text.txt")
    void jsonAsText(String contentType, String body) {
        var victim = signIn("alice", "correct horse battery");

        var answer = forged("POST", "/api/transfers", victim, contentType, body);

        assertThat(harm()).as("a <form enctype=text/plain> (or a no-cors fetch) sent %s as %s, with no preflight and no custom"
                + " header, and the JSON API obeyed it (%d): the API must insist on application/json and on the token header",
                body, contentType, answer.statusCode()).isEmpty();
    }

    @AttackFamily("a page on another origin signs the victim in to the attacker's account (login CSRF)")
    @PayloadFile("csrf/forged-sign-ins.txt")
    void loginCsrf(String origin, String fetchSite, String referer) {
        var answer = signInRequest("mallory", "mallory's passphrase", origin, fetchSite, referer);

        assertThat(owner(sessionFrom(answer)))
                .as("a sign-in form posted from Origin %s (Sec-Fetch-Site %s, Referer %s) opened a session for the attacker's account"
                        + " in the victim's browser, where what the victim then enters goes to the attacker: refuse a state-changing"
                        + " request whose Sec-Fetch-Site is not same-origin, or whose Origin is not exactly this site's (null"
                        + " included); a missing Referer or a name that merely starts with the site's proves nothing",
                        origin, fetchSite, referer)
                .isEmpty();
    }

    @Attack("the token is compared with an early exit, so response times tell how many leading characters of a guess are right")
    void earlyExitComparison() {
        var calls = ClassFileCalls.calledBy(BankSite.class);

        assertThat(calls)
                .as("the token check never calls MessageDigest.isEqual: String.equals and friends stop at the first character"
                        + " that differs; compare the token's bytes with MessageDigest.isEqual (comparisons called: %s)",
                        calls.stream().filter(c -> c.matches(".*\\.(equals|equalsIgnoreCase|contentEquals|compareTo|mismatch)")).toList())
                .contains("java/security/MessageDigest.isEqual");
    }

    // ---------------------------------------------------------------- helpers

    /** What the forgeries aimed at: a transfer to mallory, or alice's e-mail changed. */
    private List<String> harm() {
        var harm = new ArrayList<String>();
        bank.transfers().stream().filter(t -> t.to().equals("mallory")).forEach(t -> harm.add(t.toString()));
        var email = bank.account("alice").orElseThrow().email();
        if (!email.equals("alice@example.org")) {
            harm.add("alice's e-mail is now " + email);
        }
        return harm;
    }

    private LoopbackHttp.Exchange request(String method, String target) {
        return http.request(method, target).header("Host", HOST);
    }

    /** A form post from the site's own page, as a current browser sends it. */
    private LoopbackHttp.Exchange ownPage(String method, String target, String cookie) {
        return request(method, target).header("Cookie", cookie).header("Origin", "http://" + HOST).header("Sec-Fetch-Site", "same-origin")
                .header("Content-Type", "application/x-www-form-urlencoded");
    }

    /** A forged request as a browser without Origin or Fetch Metadata sends it: the cookie and the form. */
    private HttpResponse<String> forged(String method, String path, String cookie, String contentType, String body) {
        return forged(method, path, cookie, contentType, body, Optional.empty());
    }

    private HttpResponse<String> forged(String method, String path, String cookie, String contentType, String body, Optional<String> tokenHeader) {
        var exchange = request(method, path).header("Cookie", cookie).header("Content-Type", contentType);
        tokenHeader.ifPresent(token -> exchange.header("X-CSRF-Token", token));
        return exchange.body(body).send();
    }

    private HttpResponse<String> signInRequest(String name, String password, String origin, String fetchSite, String referer) {
        var exchange = request("POST", "/login").header("Content-Type", "application/x-www-form-urlencoded");
        if (!origin.equals("-")) {
            exchange.header("Origin", origin);
        }
        if (!fetchSite.equals("-")) {
            exchange.header("Sec-Fetch-Site", fetchSite).header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document");
        }
        if (!referer.equals("-")) {
            exchange.header("Referer", referer);
        }
        return exchange.body("username=" + encode(name) + "&password=" + encode(password)).send();
    }

    /** Signs in over HTTP, as the site's own form does; the {@code session=...} cookie. */
    private String signIn(String name, String password) {
        var answer = signInRequest(name, password, "http://" + HOST, "same-origin", "http://" + HOST + "/login");
        return sessionFrom(answer).orElseThrow(() -> new IllegalStateException("signing in as " + name + " failed: " + answer.statusCode()));
    }

    private static Optional<String> sessionFrom(HttpResponse<String> answer) {
        return answer.headers().allValues("Set-Cookie").stream().flatMap(header -> HttpCookie.parse(header).stream())
                .filter(cookie -> cookie.getName().equals("session") && !cookie.getValue().isEmpty())
                .map(cookie -> "session=" + cookie.getValue()).findFirst();
    }

    /** Whose account the session opens, read from the account page the cookie opens. */
    private Optional<String> owner(Optional<String> session) {
        if (session.isEmpty()) {
            return Optional.empty();
        }
        var answer = request("GET", "/account").header("Cookie", session.get()).send();
        if (answer.statusCode() != 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(Jsoup.parse(answer.body()).selectFirst("#owner")).map(Element::text);
    }

    /** The hidden fields of the transfer form on the account page the cookie opens, read over HTTP. */
    private Map<String, String> pageFields(String cookie) {
        var fields = new LinkedHashMap<String, String>();
        for (var input : accountPage(cookie).select("#transfer input[type=hidden]")) {
            fields.put(input.attr("name"), input.val());
        }
        return fields;
    }

    /** The token the account page hands its scripts in a meta tag, if any, read over HTTP. */
    private Optional<String> pageToken(String cookie) {
        return Optional.ofNullable(accountPage(cookie).selectFirst("meta[name=csrf-token]")).map(meta -> meta.attr("content"));
    }

    private Document accountPage(String cookie) {
        return Jsoup.parse(request("GET", "/account").header("Cookie", cookie).send().body());
    }

    /** A browser signed in through the site's own sign-in page, showing the account. */
    private Page signedInBrowser(String name, String password) {
        if (browsing == null) {
            browsing = chromium().newContext();
        }
        var page = browsing.newPage();
        page.navigate(origin() + "/login");
        afterNavigation(page, "/account", () -> {
            page.fill("#login input[name=username]", name);
            page.fill("#login input[name=password]", password);
            page.click("#login button");
        });
        return page;
    }

    /** Runs the action, then waits until the browser has the answer to a GET of the path. */
    private void afterNavigation(Page page, String path, Runnable action) {
        page.waitForResponse((Response answer) -> answer.request().method().equals("GET") && URI.create(answer.url()).getPath().equals(path)
                && answer.url().startsWith(origin()), action);
    }

    /** The victim's browser opens the attacker's page and stays until the bank's answer to its form has arrived. */
    private void visit(String attackerPage) {
        var page = browsing.newPage();
        page.navigate(attackerPage);
        page.waitForURL(url -> url.startsWith(origin() + "/"));
    }

    /** Serves a page that submits a POST form to the bank by itself; its port. */
    private int serveAttackerPage(String action, Map<String, String> fields) {
        var inputs = fields.entrySet().stream().map(f -> "<input type=\"hidden\" name=\"%s\" value=\"%s\">".formatted(f.getKey(), f.getValue()))
                .collect(Collectors.joining());
        var html = """
                <!DOCTYPE html><html><body><h1>You won a prize!</h1>
                <form id="f" method="post" action="%s%s">%s</form>
                <script>document.getElementById('f').submit();</script></body></html>""".formatted(origin(), action, inputs);
        attackerSite = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.html(html));
        }).start("127.0.0.1", 0);
        return attackerSite.port();
    }

    private String origin() {
        return "http://127.0.0.1:" + site.port();
    }

    /** The browser's session cookie for the bank. */
    private String sessionCookie() {
        return browsing.cookies().stream().filter(c -> c.name.equals("session")).map(c -> "session=" + c.value).findFirst().orElseThrow();
    }

    /** The hidden fields of the page's transfer form, as the page's owner would submit them. */
    private static Map<String, String> hiddenFields(Page page) {
        var fields = new LinkedHashMap<String, String>();
        for (var input : page.locator("#transfer input[type=hidden]").all()) {
            fields.put(input.getAttribute("name"), input.inputValue());
        }
        return fields;
    }

    /** A token the page hands its scripts in a meta tag, if any. */
    private static Optional<String> metaToken(Page page) {
        var meta = page.locator("meta[name=csrf-token]");
        return meta.count() == 0 ? Optional.empty() : Optional.ofNullable(meta.first().getAttribute("content"));
    }

    private static String formOf(Map<String, String> fields) {
        return fields.entrySet().stream().map(f -> "&" + encode(f.getKey()) + "=" + encode(f.getValue())).collect(Collectors.joining());
    }

    private static Map<String, String> query(String rawQuery) {
        var pairs = new LinkedHashMap<String, String>();
        for (var pair : rawQuery.split("&")) {
            var cut = pair.indexOf('=');
            if (cut > 0) {
                pairs.put(URLDecoder.decode(pair.substring(0, cut), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(cut + 1), StandardCharsets.UTF_8));
            }
        }
        return pairs;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
