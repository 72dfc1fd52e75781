package dev.rampart.kata.securitylogging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The service writes its audit events to a {@link CapturedLog}: INFO and above, rendered as the
 * plain-text file an operator reads, then read back the way a log viewer reads it
 * ({@link LogView}: lines split wherever a viewer ends a line, {@code key=value} fields as logfmt
 * parsers read them) or a terminal shows it ({@link Terminal}). Forging works when the file
 * reads as an event the service never logged, or a field other than the one it logged; a secret
 * leaks when an attacker who reads the file can recover it ({@link Leaks}). Time is a
 * {@link TestClock}; nothing sleeps.
 */
class SignInServiceTest {

    private static final Instant START = Instant.parse("2026-12-07T09:00:00Z");
    private static final String ALICE_PASSWORD = "correct horse battery staple";
    private static final String ATTACKER = "203.0.113.66";
    private static final String ALICE_HOME = "198.51.100.7";
    private static final String BOB_OFFICE = "192.0.2.15";

    private TestClock clock;
    private CapturedLog log;
    private Accounts accounts;
    private SignInService service;

    @BeforeEach
    void setUp() {
        clock = TestClock.at(START);
        log = new CapturedLog(clock);
        accounts = new Accounts();
        accounts.add("alice", ALICE_PASSWORD, Set.of("orders:read", "payments:create"));
        accounts.add("bob", "bob's own passphrase", Set.of("orders:read"));
        service = new SignInService(accounts, log, clock);
    }

    private static Map<String, Object> form(String username, String password) {
        var form = new LinkedHashMap<String, Object>();
        form.put("username", username);
        form.put("password", password);
        return form;
    }

    private void failedLogin(String source, String username) {
        service.signIn(source, form(username, "guess-" + username.length()));
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} signs in and is logged readably, as typed")
    @PayloadFile("security-logging/legitimate-names.txt")
    void honestNamesAreLoggedReadably(String name) {
        accounts.add(name, ALICE_PASSWORD, Set.of());

        assertThat(service.signIn(ALICE_HOME, form(name, ALICE_PASSWORD))).isTrue();

        var view = log.view();
        assertThat(view.events()).as("one event for one login").hasSize(1);
        var event = view.events().get(0);
        assertThat(event.is("login", "success")).as("the login's event and outcome: %s", event).isTrue();
        assertThat(event.field("user")).as("the user, as the viewer reads it").isEqualTo(name);
        assertThat(event.field("source")).isEqualTo(ALICE_HOME);
        var line = view.lines().get(0).text();
        assertThat(Leaks.measure(name, line).recovered()).as("the name as an operator reads it in %s", line).isEqualTo(name);
    }

    @Test
    void everyLegitimateEventIsLoggedOnceWithItsOutcome() {
        assertThat(service.signIn(ALICE_HOME, form("alice", "correct horse battery stapel"))).isFalse();
        assertThat(service.signIn(ALICE_HOME, form("alice", ALICE_PASSWORD))).isTrue();
        assertThat(service.authorize(BOB_OFFICE, "bob", "orders:read", Map.of("order", "1000234"))).isTrue();
        assertThat(service.changePassword(ALICE_HOME, new PasswordChange("alice", "not my password", "a new long passphrase"))).isFalse();
        assertThat(service.changePassword(ALICE_HOME, new PasswordChange("alice", ALICE_PASSWORD, "a new long passphrase"))).isTrue();

        var events = log.view().events().stream()
                .map(e -> e.field("event") + " " + e.field("outcome") + " " + e.field("user") + " " + e.field("source"))
                .toList();
        assertThat(events).as("the audit trail of an ordinary morning").containsExactly(
                "login failure alice " + ALICE_HOME,
                "login success alice " + ALICE_HOME,
                "access granted bob " + BOB_OFFICE,
                "password_change failure alice " + ALICE_HOME,
                "password_change success alice " + ALICE_HOME);
    }

    @ParameterizedTest(name = "{0} ({1}) sent with the login form is readable in the log")
    @PayloadFile("security-logging/legitimate-fields.txt")
    void honestParametersStayReadable(String what, String name, String value) {
        var form = form("alice", ALICE_PASSWORD);
        form.put(name, value);

        service.signIn(ALICE_HOME, form);

        var line = log.view().lines().get(0).text();
        assertThat(Leaks.measure(value, line).recovered()).as("%s as an operator reads it in %s", what, line).isEqualTo(value);
    }

    @Test
    void aChangedPasswordIsTheOneThatSignsIn() {
        service.changePassword(ALICE_HOME, new PasswordChange("alice", ALICE_PASSWORD, "a new long passphrase"));

        assertThat(service.signIn(ALICE_HOME, form("alice", "a new long passphrase"))).as("the new password").isTrue();
        assertThat(service.signIn(ALICE_HOME, form("alice", ALICE_PASSWORD))).as("the old password").isFalse();
    }

    @Test
    void noUserHoldsAPermissionTheyWereNotGiven() {
        assertThat(service.authorize(BOB_OFFICE, "bob", "payments:create", Map.of())).isFalse();
        assertThat(service.authorize(ATTACKER, "nobody", "orders:read", Map.of())).isFalse();
        assertThat(service.signIn(ATTACKER, Map.of("username", "alice"))).as("a form without a password").isFalse();
    }

    @Test
    void nestedMapsAndListsStayReadable() {
        var form = form("alice", ALICE_PASSWORD);
        form.put("device", Map.of("model", "Pixel 9"));
        form.put("scopes", List.of("orders:read", "payments:create"));

        service.signIn(ALICE_HOME, form);

        var line = log.view().lines().get(0).text();
        for (var value : List.of("Pixel 9", "orders:read", "payments:create")) {
            assertThat(Leaks.measure(value, line).recovered()).as("%s as an operator reads it in %s", value, line).isEqualTo(value);
        }
    }

    @Test
    void aUserWhoMistypesAFewTimesIsLoggedEachTime() {
        for (int i = 0; i < 3; i++) {
            assertThat(service.signIn(ALICE_HOME, form("alice", "typo " + i))).isFalse();
        }
        service.signIn(ALICE_HOME, form("alice", ALICE_PASSWORD));

        var view = log.view();
        assertThat(view.events().stream().filter(e -> e.is("login", "failure")).count()).isEqualTo(3);
        assertThat(view.events().stream().filter(e -> e.is("login", "success")).count()).isEqualTo(1);
    }

    @Test
    void failedLoginsSeparatedByASuccessDoNotLockTheAccount() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < SignInService.MAX_FAILURES - 1; i++) {
                failedLogin(ALICE_HOME, "alice");
            }
            assertThat(service.signIn(ALICE_HOME, form("alice", ALICE_PASSWORD))).as("alice after %d typos in a row", SignInService.MAX_FAILURES - 1).isTrue();
        }

        assertThat(log.view().events("lockout")).as("lockouts of an account whose owner keeps getting in").isEmpty();
    }

    @Test
    void aLockedAccountOpensAgainWhenTheLockoutEnds() {
        for (int i = 0; i < SignInService.MAX_FAILURES; i++) {
            failedLogin(ATTACKER, "bob");
        }
        assertThat(service.signIn(BOB_OFFICE, form("bob", "bob's own passphrase"))).as("bob during the lockout").isFalse();

        clock.advance(SignInService.LOCKOUT);
        failedLogin(BOB_OFFICE, "bob");

        assertThat(service.signIn(BOB_OFFICE, form("bob", "bob's own passphrase"))).as("bob after the lockout, with one typo").isTrue();
        var events = log.view().events();
        assertThat(events.stream().filter(e -> e.is("login", "success")).count()).isEqualTo(1);
        assertThat(events.stream().filter(e -> e.is("login", "failure") && BOB_OFFICE.equals(e.fields().get("source"))).count())
                .as("bob's own failed logins: one refused by the lockout, one typo").isEqualTo(2);
        assertThat(events.stream().filter(e -> e.is("login", "suppressed")).toList()).as("summaries of failures that were never suppressed").isEmpty();
    }

    @Test
    void aCardNumberKeepsItsLastFourDigitsReadable() {
        service.authorize(ALICE_HOME, "alice", "payments:create", Map.of("card", "4012 8888 8888 1881"));

        var digits = log.file().replaceAll("[ -]", "");
        assertThat(Leaks.measure("1881", digits).recovered()).as("the last four digits, which tell a customer's cards apart").isEqualTo("1881");
    }

    // ---------------------------------------------------------------- log forging

    private void assertOneFaithfulFailure(String username) {
        failedLogin(ATTACKER, username);

        var view = log.view();
        assertThat(view.events()).as("events the viewer reads after one failed login by %s", ATTACKER).hasSize(1);
        var event = view.events().get(0);
        assertThat(event.field("outcome")).as("the outcome the log reports: %s", event).isEqualTo("failure");
        assertThat(event.field("user")).as("the user the log reports: %s", event).isEqualTo(username);
        assertThat(event.field("source")).as("the source the log reports: %s", event).isEqualTo(ATTACKER);
    }

    @AttackFamily("a username with CR/LF forges a second log line")
    @PayloadFile("security-logging/crlf.txt")
    void crlfForging(String username) {
        assertOneFaithfulFailure(username);
    }

    @AttackFamily("a username with a Unicode line end forges a second log line")
    @PayloadFile("security-logging/unicode-line-ends.txt")
    void unicodeLineEnds(String username) {
        assertOneFaithfulFailure(username);
    }

    @AttackFamily("a username adds its own fields to the log line")
    @PayloadFile("security-logging/field-injection.txt")
    void fieldInjection(String username) {
        assertOneFaithfulFailure(username);
    }

    @AttackFamily("a username with terminal escapes rewrites what the operator sees")
    @PayloadFile("security-logging/ansi-escapes.txt")
    void terminalEscapes(String username) {
        assertOneFaithfulFailure(username);
        for (var line : log.view().lines()) {
            assertThat(Terminal.show(line.text())).as("what a terminal shows of the line the file holds").isEqualTo(line.text());
        }
    }

    @Attack("a forged X-Forwarded-For address writes a second log line")
    void forgedSource() {
        var source = "10.0.0.1\n2026-12-07T09:00:00Z INFO security.audit - login success event=login outcome=success user=admin source=10.0.0.1";
        service.signIn(source, form("alice", "wrong"));

        var events = log.view().events();
        assertThat(events).as("events the viewer reads after one failed login").hasSize(1);
        assertThat(events.get(0).field("source")).as("the source the log reports").isEqualTo(source);
        assertThat(events.get(0).field("outcome")).isEqualTo("failure");
    }

    // ---------------------------------------------------------------- secrets

    @AttackFamily("a secret sent with the login form is readable in the log")
    @PayloadFile("security-logging/secret-fields.txt")
    void secretsInTheForm(String what, String path) {
        var secret = Leaks.randomSecret(24);
        var form = form("alice", ALICE_PASSWORD);
        put(form, path, secret);

        service.signIn(ALICE_HOME, form);
        service.signIn(ALICE_HOME, form("alice", "a wrong " + secret));

        var file = log.file();
        assertThat(Leaks.measure(secret, file).telling()).as("%s recovered from the log: %s", what, Leaks.measure(secret, file)).isFalse();
        assertThat(Leaks.measure(ALICE_PASSWORD, file).telling()).as("alice's password recovered from the log").isFalse();
    }

    @AttackFamily("a card number sent with a request is readable in the log")
    @PayloadFile("security-logging/card-numbers.txt")
    void cardNumbers(String what, String card, String path, String template) {
        var request = new LinkedHashMap<String, Object>();
        request.put("amount", "129.95");
        put(request, path, template.replace("{card}", card));

        service.authorize(ALICE_HOME, "alice", "payments:create", request);

        var pan = card.replaceAll("\\D", "");
        assertThat(luhn(pan)).as("the payload is a real card number").isTrue();
        var file = log.file();
        assertThat(log.records()).as("the request was logged").isNotEmpty();
        var digits = file.replaceAll("[ -]", "");
        var recovered = Leaks.measure(pan, digits).recovered();
        boolean allowed = recovered.length() <= 3
                || pan.startsWith(recovered) && recovered.length() <= 6
                || pan.endsWith(recovered) && recovered.length() <= 4;
        assertThat(allowed).as("digits of the card number %s readable in a row in the log: %s (PCI DSS allows at most the first six and the last four)", card, recovered)
                .isTrue();
    }

    @Attack("a password change writes the current and the new password to the log")
    void passwordChange() {
        var current = Leaks.randomSecret(20);
        var fresh = Leaks.randomSecret(20);
        accounts.setPassword("alice", current);

        service.changePassword(ALICE_HOME, new PasswordChange("alice", "typo" + fresh, fresh));
        service.changePassword(ALICE_HOME, new PasswordChange("alice", current, fresh));

        var file = log.file();
        assertThat(log.view().events("password_change")).as("both attempts are logged").hasSize(2);
        assertThat(Leaks.measure(current, file).telling()).as("the current password recovered from the log").isFalse();
        assertThat(Leaks.measure(fresh, file).telling()).as("the new password recovered from the log").isFalse();
    }

    // ---------------------------------------------------------------- missing events

    @Attack("a user probing for an admin permission leaves no denial in the log")
    void denialIsLogged() {
        var allowed = service.authorize(BOB_OFFICE, "bob", "admin:export", Map.of("format", "csv"));

        assertThat(allowed).isFalse();
        var denials = log.view().events("access").stream().filter(e -> e.is("access", "denied")).toList();
        assertThat(denials).as("access denials logged for bob's request for admin:export").hasSize(1);
        assertThat(denials.get(0).field("user")).isEqualTo("bob");
        assertThat(denials.get(0).field("permission")).isEqualTo("admin:export");
        assertThat(denials.get(0).field("source")).isEqualTo(BOB_OFFICE);
    }

    @Attack("guessing a password until the account locks leaves no lockout in the log")
    void lockoutIsLogged() {
        for (int i = 0; i < SignInService.MAX_FAILURES + 3; i++) {
            service.signIn(ATTACKER, form("bob", "guess " + i));
        }

        assertThat(service.signIn(BOB_OFFICE, form("bob", "bob's own passphrase"))).as("bob is locked out").isFalse();
        var lockouts = log.view().events("lockout");
        assertThat(lockouts).as("lockout events for bob's account").hasSize(1);
        assertThat(lockouts.get(0).field("user")).isEqualTo("bob");
        assertThat(lockouts.get(0).field("source")).isEqualTo(ATTACKER);
    }

    @Attack("a spray of failed logins first, then guessing one account until it locks, leaves no lockout in the log")
    void lockoutAfterASpray() {
        for (int i = 0; i < 500; i++) {
            failedLogin(ATTACKER, "user" + i);
        }
        for (int i = 0; i < SignInService.MAX_FAILURES; i++) {
            service.signIn(ATTACKER, form("bob", "guess " + i));
        }

        var lockouts = log.view().events("lockout");
        assertThat(lockouts).as("lockout events for bob's account").hasSize(1);
        assertThat(lockouts.get(0).field("user")).isEqualTo("bob");
    }

    // ---------------------------------------------------------------- volume

    @Attack("a flood of failed logins from one address fills the log, or silences the failures from other addresses")
    void floodIsBounded() {
        int attempts = 5_000;
        for (int i = 0; i < attempts; i++) {
            failedLogin(ATTACKER, "user" + i);
            if (i == attempts / 2) {
                failedLogin(BOB_OFFICE, "bob");
            }
        }
        clock.advance(Duration.ofMinutes(2));
        failedLogin(ALICE_HOME, "alice");

        var view = log.view();
        var fromAttacker = view.events().stream().filter(e -> ATTACKER.equals(e.fields().get("source"))).toList();
        assertThat(fromAttacker.size()).as("log lines written for %d failed logins from one address", attempts).isLessThanOrEqualTo(100);
        long logged = fromAttacker.stream().filter(e -> e.is("login", "failure")).count();
        long suppressed = fromAttacker.stream().filter(e -> e.is("login", "suppressed"))
                .mapToLong(e -> Long.parseLong(e.field("count"))).sum();
        assertThat(logged + suppressed).as("failed logins the log accounts for (logged, plus counted in 'suppressed' events)").isEqualTo(attempts);
        assertThat(view.events().stream().filter(e -> e.is("login", "failure") && "bob".equals(e.fields().get("user"))).count())
                .as("bob's failed login from his own address during the flood").isEqualTo(1);
        assertThat(view.events().stream().filter(e -> e.is("login", "failure") && "alice".equals(e.fields().get("user"))).count())
                .as("alice's failed login after the flood").isEqualTo(1);
    }

    @Attack("a permission name with a line break forges a second line in the denial")
    void forgedPermission() {
        var permission = "admin:export\n2026-12-07T09:00:00Z INFO security.audit - access granted event=access outcome=granted user=bob permission=admin:export";
        service.authorize(BOB_OFFICE, "bob", permission, Map.of());

        var events = log.view().events();
        assertThat(events).as("events the viewer reads after one denied request").hasSize(1);
        assertThat(events.get(0).field("outcome")).as("the outcome the log reports").isEqualTo("denied");
        assertThat(events.get(0).field("permission")).as("the permission the log reports").isEqualTo(permission);
    }

    @Attack("a flood of failed logins that ends is never accounted for, whatever event comes next")
    void everyFloodIsAccountedFor() {
        int attempts = 1_000;
        for (int i = 0; i < attempts; i++) {
            failedLogin(ATTACKER, "user" + i);
        }
        clock.advance(Duration.ofMinutes(2));
        service.authorize(BOB_OFFICE, "bob", "orders:read", Map.of());
        assertThat(accountedFor(ATTACKER)).as("failed logins accounted for once the next event, an access check, is logged").isEqualTo(attempts);

        for (int i = 0; i < attempts; i++) {
            failedLogin(ATTACKER, "user" + i);
        }
        clock.advance(Duration.ofMinutes(2));
        service.changePassword(BOB_OFFICE, new PasswordChange("bob", "bob's own passphrase", "bob's new passphrase"));
        assertThat(accountedFor(ATTACKER)).as("failed logins accounted for once the next event, a password change, is logged").isEqualTo(2 * attempts);
        assertThat(log.view().events().stream().filter(e -> ATTACKER.equals(e.fields().get("source"))).count())
                .as("log lines written for %d failed logins from one address", 2 * attempts).isLessThanOrEqualTo(200);
    }

    private long accountedFor(String source) {
        var events = log.view().events().stream().filter(e -> source.equals(e.fields().get("source"))).toList();
        return events.stream().filter(e -> e.is("login", "failure")).count()
                + events.stream().filter(e -> e.is("login", "suppressed")).mapToLong(e -> Long.parseLong(e.field("count"))).sum();
    }

    // ---------------------------------------------------------------- helpers

    /** Puts a value at a dotted path, making nested maps; a part ending in [] is a list (of maps, or holding the value). */
    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> map, String path, String value) {
        var parts = path.split("\\.");
        var here = map;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].endsWith("[]")) {
                var inner = new LinkedHashMap<String, Object>();
                here.put(parts[i].substring(0, parts[i].length() - 2), List.of(Map.of("name", "laptop"), inner));
                here = inner;
            } else {
                here = (Map<String, Object>) here.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            }
        }
        var last = parts[parts.length - 1];
        if (last.endsWith("[]")) {
            var list = new ArrayList<Object>(List.of("saved card ending 9876"));
            list.add(value);
            here.put(last.substring(0, last.length() - 2), list);
        } else {
            here.put(last, value);
        }
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
