package dev.rampart.kata.errorhandling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.JsonBody;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.LoopbackHttp;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.ResponseLeaks;
import dev.rampart.kata.support.SameAnswer;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;

/**
 * The accounts API, run for real on a free loopback port and attacked over HTTP: its error
 * answers are read (JSON parsed with Jackson) for anything that helps an attacker — database
 * messages, stack traces, class names, file locations, software versions — and its failed
 * logins are compared for anything that tells an unknown account from a wrong password.
 *
 * <p>Most oracles live in the shared support, where the server's own tests reuse them:
 * {@link ResponseLeaks} (stack frames, loadable class names, existing paths on disk, planted
 * internals, version headers) and {@link SameAnswer} (two answers compared field by field, minus
 * what changes on every request anyway). {@link ExceptionNames} adds exception classes named
 * the short way ({@code SQLException}), which tell an attacker as much as the qualified names.
 *
 * <p>Left out: timing measured with a clock (the number of password checks is counted instead:
 * exact, and it is the cause of the timing difference); Jetty's own HTML error page for URIs it
 * refuses before the app sees them (no versions or paths in it, and not the app's code); account
 * enumeration through registration or password reset (this API has neither endpoint); security
 * headers, CORS and log forging (their own katas).
 */
class AccountApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CountingPasswords PASSWORDS = new CountingPasswords();
    private static final RecordingLog LOG = new RecordingLog();
    private static final Map<String, String> HELP_PAGES = Map.of(
            "getting-started", "# Getting started\n\nLog in with the name and password you registered with.\n",
            "faq", "# Questions\n\n**I forgot my password.** Use the reset link on the login page.\n",
            "password-rules", "# Password rules\n\nAt least 12 characters; a passphrase is best.\n");

    /** What sits beside the help folder on the server: notes nobody meant to publish. */
    private static final String STAGING_PASSWORD = Leaks.randomSecret(20);
    private static final String INTERNAL_NOTES = "# Release plan\n\nThe staging admin password is " + STAGING_PASSWORD + ".\n";

    /** The service's folder: the help pages in help/ (their images in help/images/), other files beside them. */
    @TempDir
    static Path deployment;
    static Path documents;

    private static InMemoryDirectory directory;
    private static Javalin server;
    private static LoopbackHttp http;

    @BeforeAll
    static void start() throws IOException {
        documents = Files.createDirectory(deployment.resolve("help"));
        Files.write(Files.createDirectory(documents.resolve("images")).resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.writeString(deployment.resolve("internal-notes.md"), INTERNAL_NOTES);
        for (var page : HELP_PAGES.entrySet()) {
            Files.writeString(documents.resolve(page.getKey() + ".md"), page.getValue());
        }
        directory = new InMemoryDirectory(List.of(
                new User(1, "alice", "Alice Martin", PASSWORDS.hash("correct horse battery staple")),
                new User(2, "bob", "Bob Okafor", PASSWORDS.hash("Tr0ub4dor&3")),
                new User(3, "zoë", "Zoë Ångström", PASSWORDS.hash("Łódź-2025!"))));
        server = new AccountApi(directory, PASSWORDS, documents, LOG).app().start("127.0.0.1", 0);
        http = new LoopbackHttp(server.port());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void databaseBackUp() {
        directory.recover();
    }

    // ---------------------------------------------------------------- honest use

    @ParameterizedTest(name = "{0} logs in with the right password")
    @PayloadFile("error-handling/legitimate-logins.txt")
    void aUserLogsIn(String name, String password) {
        var answer = login(name, password);

        assertThat(answer.statusCode()).as("status of %s's login", name).isEqualTo(200);
        assertThat(JsonBody.text(answer, "name")).as("the profile in the answer").contains(name);
    }

    @Test
    void aWrongPasswordIsRefused() {
        var answer = login("alice", "not her password");

        assertThat(answer.statusCode()).as("status of a login with a wrong password").isBetween(400, 499);
        assertThat(JsonBody.text(answer, "name")).as("a profile in the answer").isEmpty();
    }

    @ParameterizedTest(name = "user {0} is {1}")
    @PayloadFile("error-handling/legitimate-user-lookups.txt")
    void aUserIsLookedUp(String id, String name) {
        var answer = http.get("/users/" + id);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JsonBody.text(answer, "name")).contains(name);
    }

    @Test
    void anUnknownUserIsNotFound() {
        assertThat(http.get("/users/999").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "help page {0} is served")
    @PayloadFile("error-handling/legitimate-documents.txt")
    void aHelpPageIsServed(String name) {
        var answer = http.get("/docs/" + name);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(HELP_PAGES.get(name));
    }

    @Test
    void aMissingHelpPageIsNotFound() {
        assertThat(http.get("/docs/no-such-page").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "a request for the page {0} is a client error")
    @PayloadFile("error-handling/missing-documents.txt")
    void aNameThatIsNoHelpPageIsAClientError(String name) {
        assertThat(http.get("/docs/" + name).statusCode()).isBetween(400, 499);
    }

    @ParameterizedTest(name = "{arguments} answers 200")
    @PayloadFile("error-handling/legitimate-requests.txt")
    void wellFormedRequestsSucceed(ArgumentsAccessor request) {
        assertThat(send(request).statusCode()).isEqualTo(200);
    }

    @Test
    void aFailureIsLoggedInFullUnderTheReferenceTheClientIsGiven() {
        var outage = new SQLException("ERROR: canceling statement due to statement timeout", "57014");
        directory.failWith(outage);

        var answer = http.get("/users/1");
        var reference = JsonBody.text(answer, "correlationId");

        assertThat(answer.statusCode()).as("status when the database fails").isBetween(500, 599);
        assertThat(reference).as("the correlationId field the client quotes to support").isPresent();
        assertThat(LOG.find(reference.orElseThrow()))
                .as("the log entry under the client's reference")
                .hasValueSatisfying(entry -> assertThat(entry.error()).isSameAs(outage));
    }

    // ---------------------------------------------------------------- attacks

    @AttackFamily("a database error's text reaches the client")
    @PayloadFile("error-handling/sql-errors.txt")
    void databaseErrorEchoed(ArgumentsAccessor payload) {
        var sqlState = payload.getString(0);
        var message = payload.getString(1);
        // The SQLState too: 42P01 or 28P01 names the database product and what failed in it.
        var internals = new ArrayList<String>(List.of(message, sqlState));
        for (int i = 2; i < payload.size(); i++) {
            internals.add(payload.getString(i));
        }
        directory.failWith(new SQLException(message, sqlState));

        var answer = http.get("/users/1");

        assertThat(leaks(answer, internals))
                .as("when the database failed with %s, the answer (status %d) handed the attacker what is listed here:"
                        + " log the details under the correlation id and answer in general terms", sqlState, answer.statusCode())
                .isEmpty();
    }

    @AttackFamily("a malformed request gets a stack trace or the server's class names back")
    @PayloadFile("error-handling/malformed-requests.txt")
    void stackTraceEchoed(ArgumentsAccessor request) {
        var answer = send(request);

        assertThat(leaks(answer, List.of()))
                .as("the answer to %s %s (status %d) shows the attacker the code behind the API",
                        request.getString(0), request.getString(1), answer.statusCode())
                .isEmpty();
    }

    @AttackFamily("a malformed request lands in the operators' error log as a server fault, so anyone can flood it")
    @PayloadFile("error-handling/malformed-requests.txt")
    void clientMistakeLoggedAsFault(ArgumentsAccessor request) {
        var before = LOG.size();

        var answer = send(request);

        assertThat(LOG.since(before)).extracting(entry -> entry.error().toString())
                .as("%s %s (status %d) wrote a server fault with its stack trace to the operators' log: the client's own"
                        + " mistake is a 400 decided at the edge of the handler; when anyone can raise faults at will, the"
                        + " real ones drown and the alerts stop meaning anything", request.getString(0), request.getString(1),
                        answer.statusCode())
                .isEmpty();
    }

    @AttackFamily("a 404 for a help page tells the attacker where the files are on disk")
    @PayloadFile("error-handling/missing-documents.txt")
    void filePathInNotFound(String name) throws IOException {
        var answer = http.get("/docs/" + name);

        assertThat(leaks(answer, List.of(documents.toString(), documents.toRealPath().toString())))
                .as("the answer to /docs/%s (status %d) reveals the server's file layout", name, answer.statusCode())
                .isEmpty();
    }

    @AttackFamily("a page name that climbs out of the help folder reads the files beside it")
    @PayloadFile("error-handling/climbing-page-names.txt")
    void pageNameLeavesTheHelpFolder(String name) {
        var answer = http.get("/docs/" + name);

        assertThat(Leaks.measure(STAGING_PASSWORD, answer.body()).telling())
                .as("/docs/%s (status %d) served internal-notes.md, which sits beside the help folder: a page name is a plain"
                        + " word, and anything else is not a page, whatever the disk holds", name, answer.statusCode())
                .isFalse();
    }

    @AttackFamily("an answer announces the server software and its version")
    @PayloadFile("error-handling/version-probes.txt")
    void versionInHeaders(ArgumentsAccessor request) {
        var answer = send(request);

        assertThat(ResponseLeaks.inHeaders(answer))
                .as("%s %s: these headers tell an attacker which published vulnerabilities to try", request.getString(0), request.getString(1))
                .isEmpty();
    }

    @AttackFamily("a failed login answers differently for an unknown account than for a wrong password")
    @PayloadFile("error-handling/unknown-usernames.txt")
    void accountEnumeration(String unknownName) {
        var differences = SameAnswer.differences(
                () -> login(unknownName, "Winter2025!"),
                () -> login("alice", "Winter2025!"));

        assertThat(differences)
                .as("an attacker can tell that \"%s\" has no account while alice has one: a failed login must look"
                        + " the same either way", unknownName)
                .isEmpty();
    }

    @Attack("an unknown account is turned away without a password check, so its answer comes back measurably sooner")
    void accountEnumerationByTiming() {
        var before = PASSWORDS.checks();
        login("mallory", "Winter2025!");
        var forUnknown = PASSWORDS.checks() - before;

        before = PASSWORDS.checks();
        login("alice", "Winter2025!");
        var forWrongPassword = PASSWORDS.checks() - before;

        assertThat(forUnknown)
                .as("a login for a name with no account ran %d password checks, a wrong password for alice ran %d:"
                        + " the slow hash is missing from one path, and a stopwatch hears it", forUnknown, forWrongPassword)
                .isEqualTo(forWrongPassword);
    }

    // ---------------------------------------------------------------- helpers

    /** Everything the body gives away, and the exception classes the body or the headers name. */
    private static List<String> leaks(HttpResponse<String> answer, List<String> internals) {
        var findings = new ArrayList<>(ResponseLeaks.inBody(answer, internals));
        findings.addAll(ExceptionNames.in(answer));
        return findings;
    }

    private static HttpResponse<String> login(String name, String password) {
        try {
            return http.postJson("/login", JSON.writeValueAsString(Map.of("username", name, "password", password)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request from a payload line: method, path, and an optional body. */
    private static HttpResponse<String> send(ArgumentsAccessor request) {
        return http.send(request.getString(0), request.getString(1), request.size() > 2 ? request.getString(2) : "");
    }
}
