package dev.rampart.kata.dbexposure;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Audits how a PostgreSQL server is exposed to the network: where it listens, whether it speaks
 * TLS, how it stores passwords and what it logs ({@code postgresql.conf}), and who may connect
 * from where with which authentication ({@code pg_hba.conf}). The checks follow the CIS
 * PostgreSQL Benchmark's sections on connection and login, and logging.
 *
 * <p>Files are read the way the server reads them (see {@link ConfigFile} and {@link HbaFile}):
 * a reader that is fooled by a comment, a quote, a continuation line, an include or a second
 * assignment audits a configuration the server never runs. A running server is asked directly:
 * its settings as they are in effect, the per-role and per-database settings no file shows, and
 * the rules as the server itself parsed them.
 */
public final class ExposureAudit {

    /** The superuser every cluster starts with; a file alone cannot tell who else is one. */
    private static final Set<String> BOOTSTRAP_SUPERUSER = Set.of("postgres");

    private static final List<String> SETTINGS = List.of(
            "listen_addresses", "ssl", "password_encryption", "log_statement", "log_min_duration_statement");

    /** Audits a {@code postgresql.conf}, with the files it includes. */
    public List<Finding> auditServerConfig(Path postgresqlConf) throws IOException {
        var values = new LinkedHashMap<String, SettingChecks.Value>();
        ConfigFile.read(postgresqlConf).forEach((name, setting) -> values.put(name, new SettingChecks.Value(setting.value(), setting.where())));
        return SettingChecks.server(values);
    }

    /** Audits a {@code pg_hba.conf}, with the files it includes. */
    public List<Finding> auditHba(Path pgHbaConf) throws IOException {
        var findings = new ArrayList<Finding>();
        for (var rule : HbaFile.read(pgHbaConf)) {
            findings.addAll(rule.findings(BOOTSTRAP_SUPERUSER));
        }
        return findings;
    }

    /**
     * Audits the running server behind this connection: the settings in effect (wherever they
     * were made: a file, the command line, ALTER SYSTEM), the settings of roles and databases
     * ({@code ALTER ROLE ... SET}), and the rules of {@code pg_hba.conf} as the server parsed
     * them. The connection needs a superuser, or a role granted SELECT on
     * {@code pg_hba_file_rules}.
     */
    public List<Finding> auditRunningServer(Connection connection) throws SQLException {
        var values = new LinkedHashMap<String, SettingChecks.Value>();
        try (var statement = connection.prepareStatement(
                "SELECT name, setting, source FROM pg_settings WHERE name = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("text", SETTINGS.toArray()));
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), new SettingChecks.Value(rs.getString(2), "pg_settings." + rs.getString(1) + " (" + rs.getString(3) + ")"));
                }
            }
        }
        var findings = new ArrayList<>(SettingChecks.server(values));

        // ALTER ROLE / ALTER DATABASE ... SET: in effect for every session of that role or database, in no file.
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT coalesce(r.rolname, ''), coalesce(d.datname, ''), unnest(s.setconfig)"
                     + " FROM pg_db_role_setting s LEFT JOIN pg_roles r ON r.oid = s.setrole"
                     + " LEFT JOIN pg_database d ON d.oid = s.setdatabase")) {
            while (rs.next()) {
                var assignment = rs.getString(3);
                var equals = assignment.indexOf('=');
                var where = scope(rs.getString(1), rs.getString(2));
                findings.addAll(SettingChecks.session(assignment.substring(0, equals),
                        new SettingChecks.Value(assignment.substring(equals + 1), where)));
            }
        }

        var superusers = new HashSet<String>();
        try (var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT rolname FROM pg_roles WHERE rolsuper")) {
            while (rs.next()) {
                superusers.add(rs.getString(1));
            }
        }
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT file_name, line_number, type, database, user_name, address, netmask, auth_method"
                     + " FROM pg_hba_file_rules WHERE error IS NULL ORDER BY rule_number")) {
            while (rs.next()) {
                // The server has already parsed the file, includes and @files; keywords come back bare.
                var rule = new HbaRule(rs.getString(3), tokens(rs.getArray(4)), tokens(rs.getArray(5)),
                        address(rs.getString(6), rs.getString(7)), rs.getString(8), rs.getString(1) + ":" + rs.getInt(2));
                findings.addAll(rule.findings(superusers));
            }
        }
        return findings;
    }

    private static String scope(String role, String database) {
        if (role.isEmpty()) {
            return "ALTER DATABASE " + database + " SET";
        }
        return database.isEmpty() ? "ALTER ROLE " + role + " SET" : "ALTER ROLE " + role + " IN DATABASE " + database + " SET";
    }

    /** The database or user_name array of a rule; never null, since rows with an error are left out. */
    private static List<HbaFile.Token> tokens(Array array) throws SQLException {
        return Arrays.stream((Object[]) array.getArray()).map(o -> new HbaFile.Token((String) o, false)).toList();
    }

    private static Optional<Address> address(String address, String netmask) {
        if (address == null) {
            return Optional.empty();
        }
        if (address.equals("all") || address.equals("samehost") || address.equals("samenet")) {
            return Optional.of(new Address.Keyword(address));
        }
        return Address.range(address, Optional.ofNullable(netmask)).<Address>map(range -> range)
                .or(() -> Optional.of(new Address.HostName(address)));
    }
}
