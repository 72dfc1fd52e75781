package dev.rampart.kata.leastprivilegedb;

import static dev.rampart.kata.leastprivilegedb.BillingSchema.ACME;
import static dev.rampart.kata.leastprivilegedb.BillingSchema.GLOBEX;
import static dev.rampart.kata.leastprivilegedb.BillingSchema.INITECH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rampart.kata.leastprivilegedb.AppSession.Outcome;
import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.DatabaseRoles;
import dev.rampart.kata.support.Leaks;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The billing service's database role, attacked from inside the service: every attack runs SQL
 * as the application's role, on a connection where the service named Acme as the tenant (see
 * {@link AppSession}), on a real PostgreSQL. It is what an injection anywhere in the service, a
 * report builder or a compromised dependency gets; the question is how far the role lets it go.
 *
 * <p>Every oracle asks the database what happened, as the administrator: rows of other tenants
 * returned or changed, the catalogue before and after, a secret read back, a file on the server.
 * A statement that fails counts as nothing gained, but whatever it did before failing counts.
 * After a case that changed something, the schema, the roles and the migration are built again.
 *
 * <p>The world is built as a real deployment leaves it: the billing schema lets every role create
 * in it, as the {@code public} schema of every database made before PostgreSQL 15 still does (an
 * upgrade keeps the grant), and after the application's migration a later one adds
 * {@code card_tokens}, a table the service does not use yet: the service's role must have got
 * nothing on it, whatever default privileges say.
 *
 * <p>Payloads may hold {@code {schema}}, {@code {app}} (the application's role), {@code {admin}}
 * (the administrator), {@code {intruder}} (a fresh name for anything the attacker creates: a role,
 * a database, a server), {@code {database}}, and the server-side paths {@code {canary}},
 * {@code {canary_name}}, {@code {datadir}} and {@code {loot}} (see {@link ServerCanary}).
 *
 * <p>Left out:
 * <ul>
 *   <li>the attacker setting {@link Billing#TENANT_SETTING} to another tenant. A session setting is
 *       the application's to keep: it stops the query that forgot its tenant filter and the
 *       injection that does not think of it, not a session that runs {@code set_config} itself.
 *       Against that the tenant has to come from who connects (a login role per tenant) or from a
 *       signed claim a SECURITY DEFINER function checks; the lesson says so.</li>
 *   <li>temporary tables and functions in {@code pg_temp}: every role may create them unless the
 *       database's TEMPORARY privilege is revoked from PUBLIC, they vanish with the session, and
 *       PostgreSQL never resolves an unqualified function call to {@code pg_temp}. Revoking it
 *       would change the database every other suite shares.</li>
 *   <li>{@code ALTER ROLE} on the application's own role for its password or its session
 *       defaults: PostgreSQL lets every role do that to itself, and no privilege takes it away.</li>
 *   <li>{@code pg_reload_conf()} after {@code ALTER SYSTEM}: the attack is judged by what was
 *       written, so the shared server never runs with an attacker's configuration.</li>
 *   <li>side channels through constraints (a unique or foreign key violation telling that another
 *       tenant's row exists): the schema scopes both to the tenant, so there is nothing to probe.</li>
 *   <li>ending other sessions ({@code pg_terminate_backend}) and exhausting the server (connection
 *       floods, runaway queries): on the shared server the first would kill the suite's own
 *       connections, and both are about availability, not privilege. Joining
 *       {@code pg_signal_backend} is attacked instead, in role-changes.txt.</li>
 *   <li>using {@code dblink} or {@code postgres_fdw} to sign in again as another role: creating the
 *       extension is attacked (new-objects.txt); what a superuser does with it after that adds
 *       nothing the other superuser attacks do not show.</li>
 * </ul>
 */
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppRoleMigrationTest {

    /** A later migration's table, with secrets in it; no foreign key, so emptying the billing tables leaves it be. */
    private static final String LATER_MIGRATION = """
            CREATE TABLE card_tokens (
                id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id bigint NOT NULL,
                token     text NOT NULL
            );
            INSERT INTO card_tokens (tenant_id, token) VALUES
                (1, 'ct_Vq7mW2nR9xK4bT8sLd3fHj6Y'),
                (2, 'ct_Pz5cE1uG8kN3rA7wQy2mXb9S');
            """;

    private final DataSource admin;
    private final DatabaseRoles roles;
    private final String app;
    private final String password = Leaks.randomSecret(24);
    private final DataSource asApp;
    private ServerCanary canary;
    /** The state right after the migration: every case starts from it. */
    private DatabaseState installed;
    private Optional<DatabaseState> lastRead = Optional.empty();
    /** The tables' rows right after the migration, as JSON arrays, to put back after a case changed them. */
    private Map<String, String> seedRows;
    private Connection trusted;
    private String adminName;
    private String database;

    AppRoleMigrationTest(DataSource admin, DatabaseRoles roles) {
        this.admin = admin;
        this.roles = roles;
        this.app = roles.name("app");
        this.asApp = roles.connectAs(app, password);
    }

    @BeforeAll
    void migrate() throws SQLException {
        // One connection for the suite's own reads: opening one costs more than most of them.
        trusted = admin.getConnection();
        install();
        installed = state();
        seedRows = rowsAsJson();
        canary = ServerCanary.plant(trusted);
        adminName = query("SELECT current_user").get(0);
        database = query("SELECT current_database()").get(0);
    }

    @AfterAll
    void removeCanary() throws SQLException {
        canary.remove();
        trusted.close();
    }

    @BeforeEach
    void forgetTheLastState() {
        lastRead = Optional.empty();
    }

    /**
     * Most cases change nothing on the solution, and building everything again costs far more
     * than looking, so only a case that changed something pays for it. The state a case read last
     * is the state it leaves, so it is not read twice.
     */
    @AfterEach
    void reinstallIfChanged() throws SQLException {
        var now = lastRead.isPresent() ? lastRead.get() : state();
        if (now.equals(installed)) {
            return;
        }
        if (now.withContentsOf(installed).equals(installed)) {
            // Only rows changed: putting them back is much cheaper than building everything again.
            restoreRows();
        } else {
            install();
        }
    }

    // ---- Attacks: other tenants --------------------------------------------------------------

    @AttackFamily("a query for Acme reads another tenant's rows")
    @PayloadFile("least-privilege-db/cross-tenant-reads.txt")
    void crossTenantReads(String sql) {
        var outcome = asAcme(sql);
        var foreign = new TreeSet<>(outcome.tenantsInFirstColumn());
        foreign.remove(ACME);
        assertThat(foreign)
                .as("Acme's session ran «%s» and got rows of tenants %s: the role sees every tenant's rows"
                        + " (row-level security, and nothing that exempts the role from it)", sql, foreign)
                .isEmpty();
    }

    @AttackFamily("a statement in Acme's session changes, plants or moves another tenant's rows")
    @PayloadFile("least-privilege-db/cross-tenant-writes.txt")
    void crossTenantWrites(String sql) throws SQLException {
        var outcome = asAcme(sql);
        assertThat(state().rowsOfOtherTenants(ACME))
                .as("Acme's session ran «%s» (%s) and other tenants' rows changed: policies must check"
                        + " the rows a statement writes as well as the rows it reads", sql, outcome)
                .isEqualTo(installed.rowsOfOtherTenants(ACME));
    }

    @AttackFamily("Acme's session deletes or rewrites what Acme has already issued")
    @PayloadFile("least-privilege-db/own-tenant-tampering.txt")
    void ownTenantTampering(String sql) throws SQLException {
        var outcome = asAcme(sql);
        assertThat(state().rowsOfTenant(ACME))
                .as("Acme's session ran «%s» (%s) and Acme's issued invoices, customers or plan changed: the service only adds"
                        + " customers and invoices, edits a customer's contact details and an invoice's status; grant those"
                        + " commands and columns, not DELETE or UPDATE on whole tables", sql, outcome)
                .isEqualTo(installed.rowsOfTenant(ACME));
    }

    @Attack("a connection that names no tenant sees every tenant's invoices")
    void noTenantNamed() {
        var outcome = AppSession.run(asApp, Optional.empty(), "SELECT tenant_id, number FROM invoices");
        assertThat(outcome.tenantsInFirstColumn())
                .as("A connection of the role that never set %s read invoices of tenants %s: with no tenant"
                        + " named, the answer must be no rows, not all of them", Billing.TENANT_SETTING, outcome.tenantsInFirstColumn())
                .isEmpty();
    }

    // ---- Attacks: what the service never does -------------------------------------------------

    @AttackFamily("the service's role rewrites reference data or the audit trail")
    @PayloadFile("least-privilege-db/read-only-tampering.txt")
    void readOnlyTampering(String sql) throws SQLException {
        var outcome = asAcme(sql);
        assertThat(state().contentsOf("tax_rates", "audit_log", "backup_credentials"))
                .as("«%s» (%s) changed tax rates or the audit log: the service reads the one and only"
                        + " appends to the other", sql, outcome)
                .isEqualTo(installed.contentsOf("tax_rates", "audit_log", "backup_credentials"));
    }

    @AttackFamily("the service's role reads secrets it never uses")
    @PayloadFile("least-privilege-db/secret-reads.txt")
    void secretReads(String sql) throws SQLException {
        var secrets = forbiddenSecrets();
        var outcome = asAcme(sql);
        var leaked = leaks(secrets, outcome);
        assertThat(leaked)
                .as("«%s» read back %s: backup keys, the audit trail and password hashes are none of the"
                        + " service's business, so its role should get no grant on them", sql, leaked)
                .isEmpty();
    }

    @AttackFamily("the service's role drops, alters or empties the tables it works on")
    @PayloadFile("least-privilege-db/schema-changes.txt")
    void schemaChanges(String sql) throws SQLException {
        var outcome = asAcme(sql);
        var after = state();
        assertThat(after.structure())
                .as("«%s» (%s) changed the schema: only an owner can, so the role that runs the service"
                        + " should own nothing", sql, outcome)
                .isEqualTo(installed.structure());
        assertThat(after.contents())
                .as("«%s» (%s) emptied or changed tables wholesale", sql, outcome)
                .isEqualTo(installed.contents());
    }

    @AttackFamily("the service's role creates tables, functions, schemas or databases")
    @PayloadFile("least-privilege-db/new-objects.txt")
    void newObjects(String sql) throws SQLException {
        var outcome = asAcme(sql);
        var after = state();
        assertThat(after.ownedObjects())
                .as("«%s» (%s) created objects that outlive the session: the role needs no CREATE anywhere",
                        sql, outcome)
                .isEqualTo(installed.ownedObjects());
        assertThat(after.structure())
                .as("«%s» (%s) added to the billing schema: the role needs no CREATE on it", sql, outcome)
                .isEqualTo(installed.structure());
    }

    @AttackFamily("the service's role creates roles or raises its own privileges")
    @PayloadFile("least-privilege-db/role-changes.txt")
    void roleChanges(String sql) throws SQLException {
        var outcome = asAcme(sql);
        assertThat(state().roles())
                .as("«%s» (%s) changed roles or privileges: a role that may do that can make itself anything",
                        sql, outcome)
                .isEqualTo(installed.roles());
    }

    @Attack("SET ROLE turns the service's connection into a more powerful role")
    void setRole() throws SQLException {
        var became = new ArrayList<String>();
        for (var role : morePowerfulRoles()) {
            var outcome = asAcme("SET ROLE \"" + role.replace("\"", "\"\"") + "\"; SELECT current_user");
            if (outcome.error().isEmpty()) {
                became.add(role);
            }
        }
        assertThat(became)
                .as("The service's connection became %s with SET ROLE: a member of a role may act as it,"
                        + " so the role should be a member of nothing more powerful", became)
                .isEmpty();
    }

    // ---- Attacks: the server itself -----------------------------------------------------------

    @AttackFamily("the service's role reads files on the database server or runs programs there")
    @PayloadFile("least-privilege-db/server-file-reads.txt")
    void serverFileReads(String sql) {
        var outcome = asAcme(sql);
        var leaked = leaks(canary.secrets(), outcome);
        assertThat(leaked)
                .as("«%s» read %s from a file on the database server: server files and programs are for"
                        + " superusers and pg_read_server_files / pg_execute_server_program", sql, leaked)
                .isEmpty();
    }

    @AttackFamily("the service's role writes a file on the database server")
    @PayloadFile("least-privilege-db/server-file-writes.txt")
    void serverFileWrites(String sql) throws SQLException {
        try {
            var outcome = asAcme(sql);
            assertThat(canary.lootWritten())
                    .as("«%s» (%s) wrote %s on the database server: a role that writes there can rewrite the"
                            + " server's own configuration", sql, outcome, canary.loot())
                    .isFalse();
        } finally {
            canary.removeLoot();
        }
    }

    @Attack("ALTER SYSTEM plants a shell command in the server's configuration")
    void alterSystem() throws SQLException {
        try {
            var outcome = asAcme("ALTER SYSTEM SET archive_command = 'cat " + canary.path() + " > /tmp/rampart-exfiltrated'");
            assertThat(state().serverConfig())
                    .as("ALTER SYSTEM (%s) wrote archive_command to postgresql.auto.conf: the server runs it"
                            + " at the next reload", outcome)
                    .isEqualTo(installed.serverConfig());
        } finally {
            execute("ALTER SYSTEM RESET archive_command");
            lastRead = Optional.empty();
        }
    }

    // ---- Honest use: must pass on the starter and on the solution ------------------------------

    @ParameterizedTest(name = "{0}")
    @PayloadFile("least-privilege-db/legitimate-reads.txt")
    void runsTheServicesQueries(String sql, String rows) {
        var outcome = asAcme(sql);
        assertThat(outcome.error()).as("the service's own query failed").isEmpty();
        assertThat(outcome.rows()).hasSize(Integer.parseInt(rows));
        assertThat(outcome.tenantsInFirstColumn()).containsOnly(ACME);
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("least-privilege-db/legitimate-writes.txt")
    void runsTheServicesWrites(String sql, String check, String expected) throws SQLException {
        var outcome = asAcme(sql);
        assertThat(outcome.error()).as("the service's own write failed").isEmpty();
        assertThat(query(check)).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("least-privilege-db/legitimate-session-statements.txt")
    void runsSessionStatements(String sql) {
        assertThat(asAcme(sql).error()).as("a statement any session may run failed").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @PayloadFile("least-privilege-db/legitimate-functions.txt")
    void callsEverydayFunctions(String sql) {
        assertThat(asAcme(sql).error()).as("an everyday function failed").isEmpty();
    }

    @ParameterizedTest(name = "tenant {0}")
    @ValueSource(longs = {ACME, GLOBEX, INITECH})
    void listsATenantsOwnInvoicesAndCustomers(long tenant) throws SQLException {
        var billing = new Billing(asApp);
        assertThat(billing.invoices(tenant)).extracting(Invoice::number)
                .containsExactlyElementsOf(query("SELECT number FROM invoices WHERE tenant_id = " + tenant + " ORDER BY id"));
        assertThat(billing.customers(tenant)).extracting(Customer::email)
                .containsExactlyElementsOf(query("SELECT email FROM customers WHERE tenant_id = " + tenant + " ORDER BY id"));
        assertThat(billing.tenantName(tenant)).contains(query("SELECT name FROM tenants WHERE id = " + tenant).get(0));
    }

    @Test
    void showsEachTenantItsOwnRevenue() throws SQLException {
        var billing = new Billing(asApp);
        assertThat(billing.revenue(ACME)).containsExactly(
                new MonthlyRevenue(LocalDate.of(2025, 3, 1), 129900, 1),
                new MonthlyRevenue(LocalDate.of(2025, 4, 1), 53550, 1));
        assertThat(billing.revenue(INITECH)).containsExactly(new MonthlyRevenue(LocalDate.of(2025, 4, 1), 21600, 1));
    }

    @Test
    void issuesAnInvoiceWithTheCustomersTaxAndAudits() throws SQLException {
        var billing = new Billing(asApp);
        var roadrunner = Long.parseLong(query("SELECT id FROM customers WHERE email = 'billing@roadrunner.example'").get(0));

        var issued = billing.issueInvoice(ACME, "road@acme.example", roadrunner, 10000);

        assertThat(issued.number()).isEqualTo("INV-0004");
        assertThat(issued.taxCents()).isEqualTo(1900);
        assertThat(issued.status()).isEqualTo("open");
        assertThat(issued.totalCents()).isEqualTo(11900);
        assertThat(billing.invoices(ACME)).contains(issued);
        assertThat(query("SELECT action || ' ' || detail FROM audit_log WHERE tenant_id = 1 ORDER BY id DESC LIMIT 1"))
                .containsExactly("invoice.issued INV-0004");
        assertThat(billing.invoices(GLOBEX)).extracting(Invoice::number).doesNotContain("INV-0004");
    }

    @Test
    void refusesToInvoiceAnotherTenantsCustomer() throws SQLException {
        var billing = new Billing(asApp);
        var hank = Long.parseLong(query("SELECT id FROM customers WHERE email = 'hank@globex.example'").get(0));

        assertThatThrownBy(() -> billing.issueInvoice(ACME, "road@acme.example", hank, 10000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(billing.invoices(ACME)).extracting(Invoice::number).doesNotContain("INV-0004");
    }

    @Test
    void namesNoTenantThatDoesNotExist() throws SQLException {
        assertThat(new Billing(asApp).tenantName(99)).isEmpty();
    }

    @Test
    void marksAnInvoicePaidOnce() throws SQLException {
        var billing = new Billing(asApp);
        assertThat(billing.markPaid(GLOBEX, "cfo@globex.example", "INV-0003", LocalDate.of(2025, 5, 2))).isTrue();
        assertThat(billing.markPaid(GLOBEX, "cfo@globex.example", "INV-0003", LocalDate.of(2025, 5, 3))).isFalse();
        assertThat(query("SELECT status || ' ' || paid_on FROM invoices WHERE tenant_id = 2 AND number = 'INV-0003'"))
                .containsExactly("paid 2025-05-02");
        assertThat(query("SELECT actor || ' ' || action || ' ' || detail FROM audit_log WHERE tenant_id = 2 AND action = 'invoice.paid'"
                + " AND detail = 'INV-0003'")).containsExactly("cfo@globex.example invoice.paid INV-0003");
        assertThat(query("SELECT status FROM invoices WHERE tenant_id = 1 AND number = 'INV-0003'")).containsExactly("void");
    }

    @Test
    void addsACustomer() throws SQLException {
        var billing = new Billing(asApp);
        var added = billing.addCustomer(INITECH, "bill@initech.example", "Milton Waddams", "milton@initech.example", "US");
        assertThat(billing.customers(INITECH)).contains(added);
        assertThat(billing.customers(ACME)).doesNotContain(added);
        assertThat(query("SELECT actor || ' ' || action || ' ' || detail FROM audit_log WHERE tenant_id = 3 ORDER BY id DESC LIMIT 1"))
                .containsExactly("bill@initech.example customer.added milton@initech.example");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Builds the schema, the roles and the migration from scratch, as the administrator. */
    private void install() throws SQLException {
        roles.dropAll();
        execute("DROP SCHEMA IF EXISTS " + roles.schema() + " CASCADE; CREATE SCHEMA " + roles.schema());
        // As the public schema of a database made before PostgreSQL 15: every role may create in it.
        execute("GRANT ALL ON SCHEMA " + roles.schema() + " TO PUBLIC");
        BillingSchema.create(trusted);
        new AppRoleMigration(roles.schema(), app, password.toCharArray()).apply(trusted);
        // The next migration, months later: a table the service does not use yet.
        execute(LATER_MIGRATION);
        if (installed != null) {
            for (var setting : state().serverConfig()) {
                if (!installed.serverConfig().contains(setting)) {
                    execute("ALTER SYSTEM RESET " + setting.substring(0, setting.indexOf(' ')));
                }
            }
        }
    }

    private Map<String, String> rowsAsJson() throws SQLException {
        var rows = new LinkedHashMap<String, String>();
        for (var table : DatabaseState.TABLES) {
            // Table names are the suite's constants, never input.
            rows.put(table, query("SELECT coalesce(json_agg(t), '[]') FROM " + table + " t").get(0));
        }
        return rows;
    }

    private void restoreRows() throws SQLException {
        execute("TRUNCATE " + String.join(", ", DatabaseState.TABLES) + " CASCADE");
        // DatabaseState.TABLES lists referenced tables before the tables that reference them.
        for (var table : DatabaseState.TABLES) {
            try (var statement = trusted.prepareStatement("INSERT INTO " + table + " OVERRIDING SYSTEM VALUE"
                    + " SELECT * FROM json_populate_recordset(NULL::" + table + ", ?::json)")) {
                statement.setString(1, seedRows.get(table));
                statement.executeUpdate();
            }
        }
    }

    private DatabaseState state() throws SQLException {
        var state = DatabaseState.read(trusted, roles.prefix());
        lastRead = Optional.of(state);
        return state;
    }

    private Outcome asAcme(String sql) {
        return AppSession.run(asApp, Optional.of(ACME), resolve(sql));
    }

    private String resolve(String sql) {
        return sql.replace("{schema}", roles.schema())
                .replace("{app}", app)
                .replace("{admin}", adminName)
                .replace("{intruder}", roles.name("intruder"))
                .replace("{database}", database)
                .replace("{canary_name}", canary.name())
                .replace("{canary}", canary.path())
                .replace("{datadir}", canary.directory())
                .replace("{loot}", canary.loot());
    }

    /** What the attacker must never read: the backup keys, the audit trail's session ids, the role's password hash, the card tokens. */
    private List<String> forbiddenSecrets() throws SQLException {
        var secrets = new ArrayList<>(query("SELECT secret FROM backup_credentials"));
        secrets.addAll(query("SELECT token FROM card_tokens"));
        secrets.addAll(query("SELECT substring(detail FROM 'session ([0-9a-f]+)') FROM audit_log WHERE detail ~ 'session [0-9a-f]+'"));
        secrets.addAll(query("SELECT rolpassword FROM pg_authid WHERE rolname = '" + app + "'"));
        return secrets;
    }

    private static Map<String, String> leaks(List<String> secrets, Outcome outcome) {
        var text = outcome.text();
        var leaked = new TreeMap<String, String>();
        for (var secret : secrets) {
            var leak = Leaks.measure(secret, text);
            if (leak.telling()) {
                leaked.put(secret, leak.recovered() + " (" + leak.form() + ")");
            }
        }
        return leaked;
    }

    /**
     * The roles the service could become that can do more than it: superusers, roles with a
     * dangerous attribute or predefined role, owners of the billing tables, and roles with a
     * privilege on them that the service lacks.
     */
    private List<String> morePowerfulRoles() throws SQLException {
        try (var statement = trusted.prepareStatement("""
                SELECT r.rolname FROM pg_roles r
                 WHERE r.rolname <> ?
                   AND (r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls
                        OR EXISTS (SELECT FROM unnest(ARRAY['pg_read_server_files', 'pg_write_server_files',
                                       'pg_execute_server_program', 'pg_read_all_data', 'pg_write_all_data',
                                       'pg_signal_backend', 'pg_checkpoint']) p(name)
                                    WHERE pg_has_role(r.oid, p.name, 'MEMBER'))
                        OR EXISTS (SELECT FROM pg_class c
                                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relowner = r.oid)
                        OR EXISTS (SELECT FROM pg_class c
                                    CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE',
                                                            'REFERENCES', 'TRIGGER']) p(privilege)
                                    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'v', 'p')
                                      AND has_table_privilege(r.oid, c.oid, p.privilege)
                                      AND NOT has_table_privilege(?, c.oid, p.privilege)))
                 ORDER BY r.rolname
                """)) {
            statement.setString(1, app);
            statement.setString(2, app);
            try (var rs = statement.executeQuery()) {
                var names = new ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    private List<String> query(String sql) throws SQLException {
        try (var statement = trusted.createStatement(); var rs = statement.executeQuery(sql)) {
            var values = new ArrayList<String>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private void execute(String sql) throws SQLException {
        try (var statement = trusted.createStatement()) {
            statement.execute(sql);
        }
    }
}
