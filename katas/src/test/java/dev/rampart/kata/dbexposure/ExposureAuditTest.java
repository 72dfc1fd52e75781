package dev.rampart.kata.dbexposure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.kata.support.Attack;
import dev.rampart.kata.support.AttackFamily;
import dev.rampart.kata.support.DatabaseRoles;
import dev.rampart.kata.support.PayloadFile;
import dev.rampart.kata.support.WithPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.aggregator.ArgumentsAccessor;

/**
 * The exposure audit, fed configurations that expose a PostgreSQL server but are written the
 * way real files are: comments after values, quotes, names in capitals, an omitted '=', a
 * second assignment further down, include directives, continuation lines, netmask columns,
 * user lists. Each payload was checked with PostgreSQL 18's own parser when it was written
 * ({@code postgres -C} for {@code postgresql.conf}, the {@code pg_hba_file_rules} view for
 * {@code pg_hba.conf}): the family a payload sits in is what the server makes of it.
 *
 * <p>The running server is audited on the real PostgreSQL the suite shares: its own
 * {@code pg_hba_file_rules} says which rules it trusts, and settings made with
 * {@code ALTER ROLE ... SET} are checked by signing in as that role.
 *
 * <p>Left out:
 * <ul>
 *   <li>changing the shared server's own {@code postgresql.conf}, {@code pg_hba.conf} or
 *       {@code ALTER SYSTEM} settings: every other suite uses that server, and a reload with an
 *       attacker's {@code pg_hba.conf} would lock them out. The files are audited from payloads
 *       instead, and the server only for what it already runs and for per-role settings.</li>
 *   <li>rules shadowed by an earlier {@code reject} that covers everything they admit (the server
 *       stops at the first match, so a trust rule after a catch-all reject never applies):
 *       reporting it anyway is the safe mistake, and the kata does not ask the audit to prove a
 *       rule unreachable. The unsafe mistake, passing over a rule that a narrower reject only
 *       partly covers, is an attack family.</li>
 *   <li>{@code ldap}, {@code pam} and {@code bsd} methods: the embedded server is built without
 *       them, so no payload using them could be checked against it; the audit treats them as
 *       clear-text methods like {@code password} and {@code radius}.</li>
 *   <li>TLS versions and ciphers ({@code ssl_min_protocol_version}, {@code ssl_ciphers}): since
 *       PostgreSQL 14 the defaults are sound, and a check would be a lookup table.</li>
 *   <li>a syntax error in a file: the server refuses to start with it, so it exposes nothing.</li>
 *   <li>{@code ident} over TCP (it believes whatever identd runs on the client's machine) and
 *       {@code samenet} on a large cloud subnet: real weaknesses, but judging them needs the
 *       network around the server, which a file does not show.</li>
 *   <li>{@code ALTER DATABASE ... SET}: the audit reads it from the same catalogue as
 *       {@code ALTER ROLE ... SET}, but setting it on the shared database would change every
 *       other suite's sessions, and a database of the suite's own costs a second per case.</li>
 *   <li>missing logging (log_connections, log_disconnections off): CIS asks for it, but it hides
 *       no exposure; this kata is about what the server lets in and what it leaks.</li>
 * </ul>
 */
@WithPostgres
class ExposureAuditTest {

    /** What pg_hba.conf decides, the superuser check aside. */
    private static final Set<Check> HBA_CHECKS = EnumSet.of(Check.TRUST_AUTHENTICATION, Check.CLEAR_TEXT_PASSWORD,
            Check.MD5_AUTHENTICATION, Check.OPEN_TO_ANY_ADDRESS, Check.UNENCRYPTED_FROM_THE_NETWORK);

    private final ExposureAudit audit = new ExposureAudit();
    private final DataSource admin;
    private final DatabaseRoles roles;
    /** A role of the suite's own, given settings of its own by the cases about the running server. */
    private final String reporting;
    private boolean reportingRoleCreated;

    @TempDir
    Path dir;

    ExposureAuditTest(DataSource admin, DatabaseRoles roles) {
        this.admin = admin;
        this.roles = roles;
        this.reporting = roles.name("reporting");
    }

    @AfterEach
    void dropTheReportingRole() {
        if (reportingRoleCreated) {
            roles.dropAll();
        }
    }

    // ---- postgresql.conf ---------------------------------------------------------------------

    @AttackFamily("postgresql.conf makes the server listen on every interface, and the audit misses it")
    @PayloadFile("db-exposure/listen-on-all-interfaces.txt")
    void listensOnAllInterfaces(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.LISTENS_ON_ALL_INTERFACES, serverConfig(payload), payload,
                "PostgreSQL reads it as listening on every interface");
    }

    @AttackFamily("postgresql.conf listens on the network with SSL off, and the audit misses it")
    @PayloadFile("db-exposure/ssl-off-on-the-network.txt")
    void sslOffOnTheNetwork(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.NO_SSL_ON_THE_NETWORK, serverConfig(payload), payload,
                "PostgreSQL reads it as listening beyond localhost with ssl off (the default is off)");
    }

    @AttackFamily("postgresql.conf stores new passwords as MD5, and the audit misses it")
    @PayloadFile("db-exposure/md5-password-storage.txt")
    void md5PasswordStorage(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.MD5_PASSWORD_STORAGE, serverConfig(payload), payload,
                "PostgreSQL reads it as password_encryption = md5");
    }

    @AttackFamily("postgresql.conf writes statements, passwords included, to the log, and the audit misses it")
    @PayloadFile("db-exposure/statements-in-logs.txt")
    void statementsInLogs(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.STATEMENTS_LOGGED, serverConfig(payload), payload,
                "PostgreSQL reads it as logging statement text (log_statement ddl/mod/all, or log_min_duration_statement 0)");
    }

    // ---- pg_hba.conf -------------------------------------------------------------------------

    @AttackFamily("a pg_hba.conf rule lets clients in with no password, and the audit misses it")
    @PayloadFile("db-exposure/trust-rules.txt")
    void trustRules(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.TRUST_AUTHENTICATION, hba(payload), payload, "PostgreSQL reads a trust rule in it");
    }

    @AttackFamily("a pg_hba.conf rule takes passwords in clear text over plain TCP, and the audit misses it")
    @PayloadFile("db-exposure/clear-text-passwords.txt")
    void clearTextPasswords(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.CLEAR_TEXT_PASSWORD, hba(payload), payload,
                "PostgreSQL reads a password or radius rule for connections that need not use TLS");
    }

    @AttackFamily("a pg_hba.conf rule uses md5 authentication, and the audit misses it")
    @PayloadFile("db-exposure/md5-rules.txt")
    void md5Rules(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.MD5_AUTHENTICATION, hba(payload), payload, "PostgreSQL reads an md5 rule in it");
    }

    @AttackFamily("a pg_hba.conf rule admits the whole internet, and the audit misses it")
    @PayloadFile("db-exposure/open-to-any-address.txt")
    void openToAnyAddress(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.OPEN_TO_ANY_ADDRESS, hba(payload), payload,
                "PostgreSQL reads a rule whose address range is every address, or wider than a /8 of the public internet");
    }

    @AttackFamily("a pg_hba.conf rule lets the superuser sign in from another machine, and the audit misses it")
    @PayloadFile("db-exposure/superuser-from-the-network.txt")
    void superuserFromTheNetwork(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.SUPERUSER_FROM_THE_NETWORK, hba(payload), payload,
                "PostgreSQL reads a rule that lets postgres (or all users) in from other machines");
    }

    @AttackFamily("a pg_hba.conf rule lets other machines connect without TLS, and the audit misses it")
    @PayloadFile("db-exposure/unencrypted-from-the-network.txt")
    void unencryptedFromTheNetwork(ArgumentsAccessor payload) throws IOException {
        assertReported(Check.UNENCRYPTED_FROM_THE_NETWORK, hba(payload), payload,
                "PostgreSQL reads a host, hostnossl or hostnogssenc rule for addresses beyond this machine");
    }

    @AttackFamily("a reject rule first covers only part of what the rule after it admits, and the audit passes over that rule")
    @PayloadFile("db-exposure/partial-rejects.txt")
    void partialRejects(ArgumentsAccessor payload) throws IOException {
        var check = Check.valueOf(payload.getString(0));
        var lines = lines(payload).subList(1, payload.size());

        var findings = audit.auditHba(ConfigFiles.write(dir, "pg_hba.conf", lines));

        assertThat(checks(findings))
                .as("«%s»: the server tries the rules in order and the first match wins, but the reject matches only some"
                        + " connections (one address family, one user, one database, local sockets); every other one reaches"
                        + " the rule after it, and the audit reported %s. A rule after a reject is still reachable unless the"
                        + " reject covers everything it admits", ConfigFiles.shown(lines), checks(findings))
                .contains(check);
    }

    // ---- the running server ------------------------------------------------------------------

    @Attack("the running server lets local connections in without a password, and the audit of it says nothing")
    void trustOnTheRunningServer() throws SQLException {
        long trustRules = Long.parseLong(query("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NULL AND auth_method = 'trust'").get(0));
        var reported = count(auditRunningServer(), Check.TRUST_AUTHENTICATION);
        assertThat(reported)
                .as("The server's own pg_hba_file_rules holds %d trust rules (every local process, any local user, may sign in"
                        + " as anyone, superuser included); the audit reported %d: ask the server how it parsed its rules", trustRules, reported)
                .isGreaterThanOrEqualTo(trustRules);
    }

    @AttackFamily("ALTER ROLE ... SET exposes one role's sessions, and no configuration file shows it")
    @PayloadFile("db-exposure/role-overrides.txt")
    void roleOverrides(String setting, String value, String check, String scope) throws SQLException {
        var expected = Check.valueOf(check);
        createReportingRole();
        var before = count(auditRunningServer(), expected);
        override(setting, value, scope);
        assertThat(sessionSetting(setting)).as("every session of %s runs with %s = %s", reporting, setting, value).isEqualTo(value);

        var findings = auditRunningServer();
        var after = count(findings, expected);

        assertThat(after)
                .as("Every session of %s now runs with %s = %s (%s), but the audit of the running server reported %d %s findings before"
                        + " and %d after: settings live in pg_db_role_setting too, not only in files", reporting, setting, value, scope,
                        before, expected, after)
                .isGreaterThan(before);
        var database = scope.equals("role in database") ? query("SELECT current_database()").get(0) : "";
        assertThat(findings.stream().filter(f -> f.check() == expected).map(Finding::where).toList())
                .as("the %s finding says whose sessions run with %s = %s: the role %s%s", expected, setting, value, reporting,
                        database.isEmpty() ? "" : ", in the database " + database)
                .anyMatch(where -> where.contains(reporting) && where.contains(database));
    }

    // ---- Honest use: must pass on the starter and on the solution ------------------------------

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/legitimate-postgresql-conf.txt")
    void acceptsASafePostgresqlConf(ArgumentsAccessor payload) throws IOException {
        assertThat(serverConfig(payload)).as("findings for a safe postgresql.conf").isEmpty();
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/legitimate-pg-hba.txt")
    void acceptsASafePgHba(ArgumentsAccessor payload) throws IOException {
        assertThat(hba(payload)).as("findings for a safe pg_hba.conf").isEmpty();
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/textbook-postgresql-conf.txt")
    void reportsTheTextbookPostgresqlConfExposures(ArgumentsAccessor payload) throws IOException {
        var check = Check.valueOf(payload.getString(0));
        var lines = lines(payload).subList(1, payload.size());
        assertThat(checks(audit.auditServerConfig(ConfigFiles.write(dir, "postgresql.conf", lines)))).contains(check);
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/textbook-pg-hba.txt")
    void reportsTheTextbookPgHbaExposures(ArgumentsAccessor payload) throws IOException {
        var check = Check.valueOf(payload.getString(0));
        var lines = lines(payload).subList(1, payload.size());
        assertThat(checks(audit.auditHba(ConfigFiles.write(dir, "pg_hba.conf", lines)))).contains(check);
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/legitimate-role-overrides.txt")
    void ignoresHarmlessRoleSettings(String setting, String value, String scope) throws SQLException {
        createReportingRole();
        var before = tally(auditRunningServer());
        override(setting, value, scope);
        assertThat(tally(auditRunningServer())).isEqualTo(before);
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/not-reported.txt")
    void reportsOnlyWhatARuleExposes(ArgumentsAccessor payload) throws IOException {
        var check = Check.valueOf(payload.getString(0));
        var lines = lines(payload).subList(1, payload.size());
        assertThat(checks(audit.auditHba(ConfigFiles.write(dir, "pg_hba.conf", lines))))
                .as("«%s» does not expose that", ConfigFiles.shown(lines))
                .doesNotContain(check);
    }

    @ParameterizedTest(name = "{arguments}")
    @PayloadFile("db-exposure/named-rules.txt")
    void namesTheRuleOfEachFinding(String rule) throws IOException {
        var findings = audit.auditHba(ConfigFiles.write(dir, "pg_hba.conf", List.of(rule)));

        assertThat(findings).as("findings for «%s»", rule).isNotEmpty();
        for (var finding : findings) {
            assertThat(List.of(finding.detail().split("[\\s:]+")))
                    .as("the %s finding on «%s» reads «%s»: which rule is it about?", finding.check(), rule, finding.detail())
                    .containsAll(List.of(rule.split(" ")));
        }
    }

    @Test
    void pointsAtTheLineOfEachFinding() throws IOException {
        var hba = ConfigFiles.write(dir, "pg_hba.conf", List.of("# TYPE  DATABASE  USER  ADDRESS  METHOD", "", "local all all peer",
                "host all all 0.0.0.0/0 trust"));
        assertThat(audit.auditHba(hba)).as("findings for a trust rule on line 4 of %s", hba).isNotEmpty()
                .allSatisfy(finding -> assertThat(finding.where()).as("where the %s finding was found", finding.check())
                        .isEqualTo(hba + ":4"));

        var conf = ConfigFiles.write(dir, "postgresql.conf", List.of("# - Connection Settings -", "", "listen_addresses = '*'"));
        assertThat(audit.auditServerConfig(conf)).as("findings for listen_addresses = '*' on line 3 of %s", conf).isNotEmpty()
                .allSatisfy(finding -> assertThat(finding.where()).as("where the %s finding was found: the file, and the line if it names one",
                        finding.check()).isIn(conf.toString(), conf + ":3"));
    }

    @Test
    void readsFilesIndentedWithTabs() throws IOException {
        // A tab cannot sit inside a payload line (it separates the lines), so these files are written here.
        var conf = Files.writeString(dir.resolve("postgresql.conf"),
                "listen_addresses\t=\t'localhost'\nssl\t=\ton\npassword_encryption\tscram-sha-256\n");
        var hba = Files.writeString(dir.resolve("pg_hba.conf"),
                "local\tall\tall\tpeer\nhostssl\tbilling\tbilling_app\t10.0.4.0/24\tscram-sha-256\n"
                        + "host\tall\tapp\t127.0.0.1/32\tscram-sha-256\n");

        assertThat(audit.auditServerConfig(conf)).as("findings for a safe postgresql.conf indented with tabs").isEmpty();
        assertThat(audit.auditHba(hba)).as("findings for a safe pg_hba.conf indented with tabs").isEmpty();
    }

    @Test
    void readsTheRunningServersRulesAsItReadsItsFile() throws SQLException, IOException {
        var hbaFile = Path.of(query("SHOW hba_file").get(0));
        // The superuser check depends on who is one, which a file alone cannot tell: compare the rest.
        var fromTheServer = auditRunningServer().stream().filter(f -> HBA_CHECKS.contains(f.check())).toList();
        var fromTheFile = audit.auditHba(hbaFile).stream().filter(f -> HBA_CHECKS.contains(f.check())).toList();

        assertThat(fromTheServer)
                .as("the server's own pg_hba_file_rules and its pg_hba.conf (%s) are the same rules, read twice: the same findings,"
                        + " at the same lines, about the same rules", hbaFile)
                .containsExactlyInAnyOrderElementsOf(fromTheFile);
    }

    @Test
    void agreesWithTheRunningServerOnWhereItListens() throws SQLException {
        var listen = query("SHOW listen_addresses").get(0);
        var everywhere = List.of(listen.split(",")).stream().map(String::strip).anyMatch(a -> a.equals("*") || a.equals("0.0.0.0") || a.equals("::"));
        assertThat(checks(auditRunningServer()).contains(Check.LISTENS_ON_ALL_INTERFACES))
                .as("the server listens on '%s'", listen)
                .isEqualTo(everywhere);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private List<Finding> serverConfig(ArgumentsAccessor payload) throws IOException {
        return audit.auditServerConfig(ConfigFiles.write(dir, "postgresql.conf", lines(payload)));
    }

    private List<Finding> hba(ArgumentsAccessor payload) throws IOException {
        return audit.auditHba(ConfigFiles.write(dir, "pg_hba.conf", lines(payload)));
    }

    private List<Finding> auditRunningServer() throws SQLException {
        try (Connection connection = admin.getConnection()) {
            return audit.auditRunningServer(connection);
        }
    }

    private static void assertReported(Check check, List<Finding> findings, ArgumentsAccessor payload, String truth) {
        assertThat(checks(findings))
                .as("«%s»: %s, but the audit reported %s. Read the file as the server does: comments and quotes, any case,"
                        + " an optional '=', the last assignment winning, includes, continuation lines, netmasks and lists",
                        ConfigFiles.shown(lines(payload)), truth, checks(findings))
                .contains(check);
    }

    /** Creates the reporting role, with no settings of its own yet; it is dropped after the case. */
    private void createReportingRole() throws SQLException {
        execute("CREATE ROLE " + reporting + " LOGIN");
        reportingRoleCreated = true;
    }

    /** ALTER ROLE reporting [IN DATABASE current] SET setting = 'value', quoted by the server. */
    private void override(String setting, String value, String scope) throws SQLException {
        var sql = switch (scope) {
            case "role" -> "SELECT format('ALTER ROLE %I SET %I = %L', ?, ?, ?)";
            case "role in database" -> "SELECT format('ALTER ROLE %I IN DATABASE %I SET %I = %L', ?, current_database(), ?, ?)";
            default -> throw new IllegalArgumentException("Scope '" + scope + "' is neither 'role' nor 'role in database'");
        };
        var statement = query(sql, reporting, setting, value).get(0);
        execute(statement);
    }

    /** The setting as a fresh session of the reporting role sees it. */
    private String sessionSetting(String setting) throws SQLException {
        try (var connection = roles.connectAs(reporting, "").getConnection();
             var statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, setting);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> lines(ArgumentsAccessor payload) {
        var lines = new ArrayList<String>();
        for (int i = 0; i < payload.size(); i++) {
            lines.add(payload.getString(i));
        }
        return lines;
    }

    private static List<Check> checks(List<Finding> findings) {
        return findings.stream().map(Finding::check).distinct().sorted().toList();
    }

    private static long count(List<Finding> findings, Check check) {
        return findings.stream().filter(f -> f.check() == check).count();
    }

    private static Map<Check, Long> tally(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::check, TreeMap::new, Collectors.counting()));
    }

    private List<String> query(String sql, String... parameters) throws SQLException {
        try (var connection = admin.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (var rs = statement.executeQuery()) {
                var values = new ArrayList<String>();
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
                return values;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (var connection = admin.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
