package dev.rampart.kata.leastprivilegedb;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;

/**
 * Creates the login role the billing service connects as and gives it what it works with.
 * The database administrator runs it once per environment, right after {@link BillingSchema};
 * from then on the service's connection pool signs in as {@code appRole}, and {@link Billing}
 * names the tenant of each transaction in {@link Billing#TENANT_SETTING}.
 */
public final class AppRoleMigration {

    private final String schema;
    private final String appRole;
    private final char[] appPassword;

    /**
     * @param schema      the schema {@link BillingSchema} created the tables in
     * @param appRole     the role to create for the service
     * @param appPassword the password the service signs in with
     */
    public AppRoleMigration(String schema, String appRole, char[] appPassword) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.appRole = Objects.requireNonNull(appRole, "appRole");
        this.appPassword = appPassword.clone();
    }

    /** Runs the migration on the administrator's connection. */
    public void apply(Connection admin) throws SQLException {
        try (Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + appRole + " WITH LOGIN SUPERUSER");
            sql.execute("ALTER SCHEMA " + schema + " OWNER TO " + appRole);
            for (String relation : relations(admin)) {
                sql.execute("ALTER TABLE " + schema + "." + relation + " OWNER TO " + appRole);
            }
            sql.execute("GRANT ALL PRIVILEGES ON ALL TABLES IN SCHEMA " + schema + " TO " + appRole);
        }
        admin.unwrap(PGConnection.class).alterUserPassword(appRole, appPassword, "scram-sha-256");
    }

    private List<String> relations(Connection admin) throws SQLException {
        try (PreparedStatement statement = admin.prepareStatement(
                "SELECT relname FROM pg_class WHERE relnamespace = ?::regnamespace AND relkind IN ('r', 'v') ORDER BY relname")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                var names = new ArrayList<String>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }
}
