package dev.rampart.kata.leastprivilegedb;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * SQL the attacker steers, run the way the billing service runs its own: on a connection of the
 * application's role, with {@link Billing#TENANT_SETTING} naming the attacker's tenant, in
 * autocommit. That is what an injection in any of the service's queries, a report builder or a
 * compromised dependency in the service's JVM gets to run.
 *
 * <p>Nothing here may leave the role: the setting is the only thing the session adds, and the
 * attacker's statements are sent as they are, several at once when they hold semicolons.
 */
final class AppSession {

    private AppSession() {
    }

    /** What came back: every row of every result, as text, or the error the statement ended with. */
    record Outcome(List<List<String>> rows, Optional<String> error) {

        /** Every cell, one per line: what the attacker reads. */
        String text() {
            return rows.stream().flatMap(List::stream).collect(Collectors.joining("\n"));
        }

        /** The tenants named in the first column of the rows (the payloads put {@code tenant_id} there). */
        Set<Long> tenantsInFirstColumn() {
            var tenants = new TreeSet<Long>();
            for (var row : rows) {
                if (!row.isEmpty() && row.get(0) != null && row.get(0).matches("\\d{1,18}")) {
                    tenants.add(Long.parseLong(row.get(0)));
                }
            }
            return tenants;
        }

        @Override
        public String toString() {
            return error.map(e -> "the database refused it: " + e).orElse("the database ran it");
        }
    }

    /** Runs {@code sql} as the application for {@code tenant}, or with no tenant named when it is empty. */
    static Outcome run(DataSource app, Optional<Long> tenant, String sql) {
        try (var connection = app.getConnection()) {
            if (tenant.isPresent()) {
                try (var set = connection.prepareStatement("SELECT set_config(?, ?, false)")) {
                    set.setString(1, Billing.TENANT_SETTING);
                    set.setString(2, Long.toString(tenant.get()));
                    set.executeQuery().close();
                }
            }
            try (var statement = connection.createStatement()) {
                var rows = new ArrayList<List<String>>();
                var isResult = statement.execute(sql);
                while (isResult || statement.getUpdateCount() != -1) {
                    if (isResult) {
                        try (var rs = statement.getResultSet()) {
                            var columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                var row = new ArrayList<String>(columns);
                                for (int i = 1; i <= columns; i++) {
                                    row.add(rs.getString(i));
                                }
                                rows.add(row);
                            }
                        }
                    }
                    isResult = statement.getMoreResults();
                }
                return new Outcome(rows, Optional.empty());
            }
        } catch (SQLException e) {
            return new Outcome(List.of(), Optional.of(e.getSQLState() + " " + e.getMessage()));
        }
    }
}
