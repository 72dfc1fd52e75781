package dev.rampart.kata.sqlinjection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.WithPostgres;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * SQL injection against {@link UserRepository}, on a real PostgreSQL.
 *
 * <p>Every attack is judged by what it achieved: the rows the caller got compared with the rows
 * the caller is entitled to (asked of the database with bound parameters), the tables and rows
 * that changed, the sleeps that ran. A call that fails counts as an error page: the attacker
 * learns nothing from the response, but what already ran in the database still counts.
 */
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserRepositoryTest {

    /** The deploy key starts {@code rk_live_}; the sort-order attack tries to read what follows. */
    private static final int FIRST_UNKNOWN = "rk_live_".length() + 1;
    private static final int CHARACTERS_TO_READ = 4;
    private static final String HEX = "0123456789abcdef";

    private final DataSource db;
    private final UserRepository users;
    private TrustedQueries.Snapshot seeded;
    private List<String> seededDefinitions;
    private TrustedQueries trusted;
    private SleepProbe sleeps;

    UserRepositoryTest(DataSource db) {
        this.db = db;
        this.users = new UserRepository(db);
    }

    @BeforeAll
    void seedDatabase() throws SQLException {
        UserSchema.reset(db);
        trusted = TrustedQueries.open(db);
        SleepProbe.install(trusted.connection());
        seeded = trusted.snapshot();
        seededDefinitions = trusted.tableDefinitions();
    }

    @BeforeEach
    void restoreSeedIfChanged() throws SQLException {
        // Most cases change nothing, so only a case that changed a table, a column or a row pays
        // for a reset. When nothing but rows changed, putting the rows back is the same reset
        // at a fraction of the cost of re-creating the tables.
        var now = trusted.read();
        if (now.snapshot().equals(seeded)) {
            sleeps = SleepProbe.since(trusted.connection(), now.sleepCalls());
            return;
        }
        if (now.snapshot().tablesAndColumns().equals(seeded.tablesAndColumns()) && trusted.tableDefinitions().equals(seededDefinitions)) {
            trusted.restoreRows(seeded.contents());
        } else {
            UserSchema.reset(db);
        }
        // After the reset: whatever it set off in the database is not the case's doing.
        sleeps = SleepProbe.fromNow(trusted.connection());
    }

    @AfterAll
    void closeTrustedConnection() throws SQLException {
        trusted.close();
    }

    // ---- Attacks -------------------------------------------------------------------------------

    @AttackFamily("an always-true condition in the sign-in form opens an account")
    @PayloadFile("sql-injection/tautology.txt")
    void tautology(String username, String passwordHash) throws SQLException {
        var opened = attempt(() -> users.login(username, passwordHash)).flatMap(account -> account);
        assertThat(opened)
                .as("Signing in as «%s» with password hash «%s» opened %s without its password: the input rewrote the WHERE clause",
                        username, passwordHash, opened.map(User::username).orElse("nothing"))
                .isEqualTo(trusted.login(username, passwordHash));
    }

    @AttackFamily("a comment in the username cuts the password check off")
    @PayloadFile("sql-injection/comment-truncation.txt")
    void commentTruncation(String username, String passwordHash) throws SQLException {
        var opened = attempt(() -> users.login(username, passwordHash)).flatMap(account -> account);
        assertThat(opened)
                .as("Signing in as «%s» with any password opened %s: the rest of the query became a comment",
                        username, opened.map(User::username).orElse("nothing"))
                .isEqualTo(trusted.login(username, passwordHash));
    }

    @AttackFamily("UNION SELECT appends rows from other columns and tables to a lookup")
    @PayloadFile("sql-injection/union.txt")
    void unionSelect(String username) throws SQLException {
        var found = attempt(() -> users.findByUsername(username)).flatMap(account -> account);
        assertThat(found)
                .as("Looking up the username «%s» returned %s, a row no account has: the input added a query of its own",
                        username, found.map(Object::toString).orElse("nothing"))
                .isEqualTo(trusted.user(username));
    }

    @AttackFamily("a second statement after a semicolon changes the database")
    @PayloadFile("sql-injection/stacked-queries.txt")
    void stackedQueries(String username) throws SQLException {
        var before = trusted.snapshot();

        attempt(() -> users.findByUsername(username));

        var after = trusted.snapshot();
        assertThat(after.tablesAndColumns())
                .as("Looking up the username «%s» changed the tables themselves: a statement of the attacker's ran", username)
                .isEqualTo(before.tablesAndColumns());
        assertThat(after.contents())
                .as("Looking up the username «%s» changed rows: a statement of the attacker's ran", username)
                .isEqualTo(before.contents());
    }

    @AttackFamily("pg_sleep in a lookup lets the attacker time yes/no questions")
    @PayloadFile("sql-injection/time-based-blind.txt")
    void timeBasedBlind(String username) throws SQLException {
        attempt(() -> users.findByUsername(username));

        assertThat(sleeps.calls())
                .as("Looking up the username «%s» made the database sleep: timing the answer tells the attacker whether a guess was right",
                        username)
                .isZero();
    }

    @AttackFamily("a sort order from the request reads a secret one yes/no question at a time")
    @PayloadFile("sql-injection/sort-column.txt")
    void sortColumn(String template) throws SQLException {
        var secret = trusted.apiKeySecret("deploy");
        var recovered = new StringBuilder();
        var yes = directorySortedBy(template, "1 = 1");
        if (!yes.equals(directorySortedBy(template, "1 = 0"))) {
            // The attacker halves the candidates with each search: four searches per hex digit.
            for (int position = FIRST_UNKNOWN; position < FIRST_UNKNOWN + CHARACTERS_TO_READ; position++) {
                int low = 0;
                int high = HEX.length() - 1;
                while (low < high) {
                    int middle = (low + high) / 2;
                    var question = "(SELECT ascii(substr(secret, %d, 1)) FROM api_keys WHERE name = 'deploy') > %d"
                            .formatted(position, (int) HEX.charAt(middle));
                    if (directorySortedBy(template, question).equals(yes)) {
                        low = middle + 1;
                    } else {
                        high = middle;
                    }
                }
                recovered.append(HEX.charAt(low));
            }
        }
        assertThat(recovered.toString())
                .as("Sorting the directory by «%s» read «%s» of the deploy key (%s…), a few searches per character: "
                        + "a sort order the page does not offer should never reach the query",
                        template, recovered, secret.substring(0, FIRST_UNKNOWN - 1))
                .isEmpty();
    }

    @AttackFamily("a sort by a column the page never shows lists the accounts in the order of their password hashes")
    @PayloadFile("sql-injection/hidden-sort-columns.txt")
    void hiddenSortColumn(String column) throws SQLException {
        var byHash = trusted.directoryIdsByPasswordHash("Martin");
        var byHashDescending = new ArrayList<>(byHash);
        Collections.reverse(byHashDescending);
        for (var offered : List.of("id", "username", "email", "display_name")) {
            var order = trusted.directoryUsernamesSortedBy("Martin", offered);
            assertThat(order).as("the seed data must order the Martins differently by hash than by %s", offered)
                    .isNotEqualTo(usernamesOf(byHash)).isNotEqualTo(usernamesOf(byHashDescending));
        }

        var shown = directorySortedBy(column, "");

        assertThat(shown)
                .as("Sorting the directory by «%s» listed the Martins in the order of their password hashes: mallory can change"
                        + " her own hash and watch where her row lands, a binary search on everyone else's. Quoting the name keeps"
                        + " SQL out, not columns: take the column from the page's own list", column)
                .isNotEqualTo(Optional.of(byHash))
                .isNotEqualTo(Optional.of(byHashDescending));
    }

    @AttackFamily("LIKE wildcards turn an e-mail lookup into a listing of accounts")
    @PayloadFile("sql-injection/like-wildcards.txt")
    void likeWildcards(String email) throws SQLException {
        var found = attempt(() -> users.findByEmail(email)).orElse(List.of());
        assertThat(usernames(found))
                .as("Looking up the e-mail address «%s» returned %s, accounts registered under other addresses: to ILIKE, %% and _ are wildcards",
                        email, usernames(found))
                .isEqualTo(usernames(trusted.withEmail(email)));
    }

    @AttackFamily("wildcards count toward the search minimum and list the whole directory")
    @PayloadFile("sql-injection/search-wildcards.txt")
    void searchWildcards(String term) throws SQLException {
        var found = attempt(() -> users.search(term, "id")).orElse(List.of());
        assertThat(usernames(found))
                .as("Searching the directory for «%s» listed %s, whose names do not contain it: the wildcards got past the %d-character minimum",
                        term, usernames(found), UserRepository.MIN_SEARCH_LENGTH)
                .isEqualTo(usernames(trusted.directory(term)));
    }

    @AttackFamily("a display name stored safely is pasted into a later query")
    @PayloadFile("sql-injection/second-order.txt")
    void secondOrder(String storedName) throws SQLException {
        var mallory = trusted.user("mallory").orElseThrow().id();
        attempt(() -> {
            users.rename(mallory, storedName);
            return true;
        });
        var rows = trusted.contents();

        var namesakes = attempt(() -> users.namesakes(mallory)).orElse(List.of());

        assertThat(trusted.contents())
                .as("mallory renamed herself «%s»; the namesake check then changed the database: a value read back from it is still input",
                        storedName)
                .isEqualTo(rows);
        assertThat(namesakes)
                .as("mallory renamed herself «%s»; the namesake check then returned %s: a value read back from the database is still input",
                        storedName, usernames(namesakes))
                .isEqualTo(trusted.namesakes(mallory));
    }

    @AttackFamily("a customer id from the URL needs no quote to carry SQL")
    @PayloadFile("sql-injection/numeric-context.txt")
    void numericContext(String customerId) throws SQLException {
        var rows = trusted.contents();

        var orders = attempt(() -> users.ordersOf(customerId)).orElse(List.of());

        assertThat(trusted.contents())
                .as("Listing the orders of customer «%s» changed the database: the id ran as SQL", customerId)
                .isEqualTo(rows);
        assertThat(orders)
                .as("Listing the orders of customer «%s» returned %s, rows the caller did not ask for: the id ran as SQL",
                        customerId, orders)
                .isEqualTo(trusted.ordersOf(customerId));
    }

    @Attack("a username that is SQL signs in as the first account, in one request")
    void firstAccountWithoutAPassword() throws SQLException {
        var opened = attempt(() -> users.login("' OR 1=1 LIMIT 1--", "")).flatMap(account -> account);
        assertThat(opened)
                .as("The sign-in opened %s's account for a username that is a piece of SQL", opened.map(User::username).orElse("nobody"))
                .isEmpty();
    }

    // ---- Honest use: must pass on the starter and on the solution ------------------------------

    @ParameterizedTest(name = "{0}")
    @PayloadFile("sql-injection/legitimate-usernames.txt")
    void findsAnAccountByUsername(String username) throws SQLException {
        var expected = trusted.user(username);
        assertThat(expected).as("seed data holds %s", username).isPresent();
        assertThat(users.findByUsername(username)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("sql-injection/legitimate-usernames.txt")
    void signsInWithTheRightPasswordHashOnly(String username) throws SQLException {
        var hash = trusted.passwordHashOf(username);
        assertThat(users.login(username, hash)).isEqualTo(trusted.user(username));
        assertThat(users.login(username, "0".repeat(hash.length()))).isEmpty();
        assertThat(users.login(username, "")).isEmpty();
    }

    @Test
    void anUnknownUsernameFindsNobody() throws SQLException {
        assertThat(users.findByUsername("nobody")).isEmpty();
        assertThat(users.login("nobody", trusted.passwordHashOf("alice"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @PayloadFile("sql-injection/legitimate-emails.txt")
    void findsTheAccountsOfAnEmailAddress(String email, String expected) throws SQLException {
        assertThat(usernames(users.findByEmail(email))).isEqualTo(list(expected));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @PayloadFile("sql-injection/legitimate-search-terms.txt")
    void searchesTheDirectory(String term, String expected) throws SQLException {
        assertThat(usernames(users.search(term, "username"))).isEqualTo(list(expected));
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("sql-injection/legitimate-sort-columns.txt")
    void sortsTheDirectoryByAColumnThePageOffers(String column) throws SQLException {
        assertThat(usernames(users.search("Bot", column))).isEqualTo(trusted.directoryUsernamesSortedBy("Bot", column));
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("sql-injection/legitimate-display-names.txt")
    void storesADisplayNameExactlyAsTyped(String name) throws SQLException {
        var carol = trusted.user("carol").orElseThrow();
        users.rename(carol.id(), name);
        assertThat(users.findByUsername("carol")).contains(new User(carol.id(), "carol", carol.email(), name, carol.role()));
        assertThat(trusted.user("alice").orElseThrow().displayName()).isEqualTo("Alice Martin");
    }

    @Test
    void namesakesAreTheOtherAccountsShowingTheSameName() throws SQLException {
        var carol = trusted.user("carol").orElseThrow();
        var zoe = trusted.user("zoë").orElseThrow();
        assertThat(users.namesakes(carol.id())).isEmpty();

        users.rename(carol.id(), zoe.displayName());

        assertThat(usernames(users.namesakes(carol.id()))).containsExactly("zoë");
        assertThat(usernames(users.namesakes(zoe.id()))).containsExactly("carol");
        assertThat(users.namesakes(trusted.user("alice").orElseThrow().id())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("sql-injection/legitimate-customer-ids.txt")
    void listsTheOrdersOfACustomer(String customerId) throws SQLException {
        assertThat(users.ordersOf(customerId)).isEqualTo(trusted.ordersOf(customerId));
    }

    @Test
    void aliceHasTwoOrders() throws SQLException {
        var alice = trusted.user("alice").orElseThrow();
        assertThat(users.ordersOf(Long.toString(alice.id())))
                .extracting(Order::item)
                .containsExactly("Standing desk", "Monitor arm");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A repository call, as the attacker makes it through the application. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws SQLException;
    }

    /**
     * What the attacker gets back: the result, or nothing when the call fails (the application
     * shows an error page). Whatever ran in the database before the failure stays done; the
     * attacks that care check the database itself.
     */
    private static <T> Optional<T> attempt(Call<T> call) {
        try {
            return Optional.of(call.call());
        } catch (SQLException | RuntimeException failed) {
            return Optional.empty();
        }
    }

    /** What the directory page shows for "Martin" sorted by this template: the attacker's observation. */
    private Optional<List<Long>> directorySortedBy(String template, String question) {
        return attempt(() -> users.search("Martin", template.replace("{question}", question)))
                .map(found -> found.stream().map(User::id).toList());
    }

    private List<String> usernamesOf(List<Long> ids) throws SQLException {
        var usernames = new ArrayList<String>();
        for (var id : ids) {
            usernames.add(trusted.username(id));
        }
        return usernames;
    }

    private static List<String> usernames(List<User> users) {
        return users.stream().map(User::username).toList();
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated.isBlank() ? List.of() : Arrays.asList(commaSeparated.split(","));
    }
}
