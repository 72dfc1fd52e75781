package dev.rampart.kata.dbexposure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Audits how a PostgreSQL server is exposed to the network: where it listens, whether it speaks
 * TLS, how it stores passwords and what it logs ({@code postgresql.conf}), and who may connect
 * from where with which authentication ({@code pg_hba.conf}). The checks follow the CIS
 * PostgreSQL Benchmark's sections on connection and login, and logging.
 */
public final class ExposureAudit {

    /** Audits a {@code postgresql.conf}. */
    public List<Finding> auditServerConfig(Path postgresqlConf) throws IOException {
        var lines = Files.readAllLines(postgresqlConf);
        var findings = new ArrayList<Finding>();
        var where = postgresqlConf.toString();

        var listen = setting(lines, "listen_addresses");
        if (listen.filter("*"::equals).isPresent()) {
            findings.add(new Finding(Check.LISTENS_ON_ALL_INTERFACES, where, "listen_addresses = " + listen.get()));
        }
        var onNetwork = listen.filter(value -> !value.equals("localhost")).isPresent();
        var sslOff = setting(lines, "ssl").map("off"::equals).orElse(false);
        if (onNetwork && sslOff) {
            findings.add(new Finding(Check.NO_SSL_ON_THE_NETWORK, where, "ssl = off, listen_addresses = " + listen.get()));
        }
        if (setting(lines, "password_encryption").filter("md5"::equals).isPresent()) {
            findings.add(new Finding(Check.MD5_PASSWORD_STORAGE, where, "password_encryption = md5"));
        }
        if (setting(lines, "log_statement").filter("all"::equals).isPresent()) {
            findings.add(new Finding(Check.STATEMENTS_LOGGED, where, "log_statement = all"));
        }
        return findings;
    }

    /** Audits a {@code pg_hba.conf}. */
    public List<Finding> auditHba(Path pgHbaConf) throws IOException {
        var lines = Files.readAllLines(pgHbaConf);
        var findings = new ArrayList<Finding>();
        for (int i = 0; i < lines.size(); i++) {
            var rule = lines.get(i).strip();
            if (rule.isEmpty() || rule.startsWith("#")) {
                continue;
            }
            var fields = rule.split("\\s+");
            if (fields.length < 5 || fields[0].equals("local")) {
                continue;
            }
            var type = fields[0];
            var user = fields[2];
            var address = fields[3];
            var method = fields[4];
            if (method.equals("reject")) {
                continue;
            }
            var where = pgHbaConf + ":" + (i + 1);
            var anywhere = address.equals("0.0.0.0/0") || address.equals("::/0");
            if (method.equals("trust") && anywhere) {
                findings.add(new Finding(Check.TRUST_AUTHENTICATION, where, rule));
            }
            if (method.equals("md5")) {
                findings.add(new Finding(Check.MD5_AUTHENTICATION, where, rule));
            }
            if (method.equals("password") && !type.equals("hostssl")) {
                findings.add(new Finding(Check.CLEAR_TEXT_PASSWORD, where, rule));
            }
            if (anywhere) {
                findings.add(new Finding(Check.OPEN_TO_ANY_ADDRESS, where, rule));
                if (user.equals("postgres")) {
                    findings.add(new Finding(Check.SUPERUSER_FROM_THE_NETWORK, where, rule));
                }
                if (type.equals("host")) {
                    findings.add(new Finding(Check.UNENCRYPTED_FROM_THE_NETWORK, where, rule));
                }
            }
        }
        return findings;
    }

    /**
     * Audits the running server behind this connection, by the configuration files it was
     * started with. The connection needs a superuser, or a role granted
     * {@code pg_read_all_settings}, to see where those files are.
     */
    public List<Finding> auditRunningServer(Connection connection) throws SQLException {
        var findings = new ArrayList<Finding>();
        try {
            findings.addAll(auditServerConfig(Path.of(show(connection, "config_file"))));
            findings.addAll(auditHba(Path.of(show(connection, "hba_file"))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the server's configuration files: " + e.getMessage(), e);
        }
        return findings;
    }

    private static Optional<String> setting(List<String> lines, String name) {
        return lines.stream()
                .map(String::strip)
                .filter(line -> line.startsWith(name))
                .map(line -> line.substring(line.indexOf('=') + 1).strip().replace("'", ""))
                .findFirst();
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); var rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
