package dev.rampart.kata.leastprivilegedb;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Creates the login role the billing service connects as and gives it what it works with.
 * The database administrator runs it once per environment, right after {@link BillingSchema};
 * from then on the service's connection pool signs in as {@code appRole}, and {@link Billing}
 * names the tenant of each transaction in {@link Billing#TENANT_SETTING}.
 *
 * <p>The role gets exactly what {@link Billing} uses and nothing else, so a query an attacker
 * steers (an injection, a bug in a report) can do no more than the service itself:
 * <ul>
 *   <li>no attributes beyond LOGIN: not a superuser (who may read server files and run programs),
 *       and it may not create roles or databases, replicate, or bypass row-level security;</li>
 *   <li>it owns nothing: the administrator keeps the schema and the tables, because an owner may
 *       ALTER, DROP, TRUNCATE and re-grant them, and row-level security spares owners by default;</li>
 *   <li>grants per table, per command and, for updates, per column; none on
 *       {@code backup_credentials}, and the audit log is append-only;</li>
 *   <li>row-level security on every tenant table keeps each transaction to the tenant named in
 *       {@link Billing#TENANT_SETTING}, and to none when it names none.</li>
 * </ul>
 */
public final class AppRoleMigration {

    /** Unquoted PostgreSQL identifiers: the names are spliced into DDL, which takes no bind parameters. */
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The tables that hold one tenant's rows, and the column naming the tenant. */
    private static final List<List<String>> TENANT_TABLES = List.of(
            List.of("tenants", "id"),
            List.of("customers", "tenant_id"),
            List.of("invoices", "tenant_id"),
            List.of("audit_log", "tenant_id"));

    private final String schema;
    private final String appRole;
    private final char[] appPassword;

    /**
     * @param schema      the schema {@link BillingSchema} created the tables in
     * @param appRole     the role to create for the service
     * @param appPassword the password the service signs in with
     */
    public AppRoleMigration(String schema, String appRole, char[] appPassword) {
        this.schema = identifier("schema", schema);
        this.appRole = identifier("appRole", appRole);
        this.appPassword = appPassword.clone();
    }

    /** Runs the migration on the administrator's connection. */
    public void apply(Connection admin) throws SQLException {
        var app = appRole;
        var s = schema + ".";
        // Fails closed: with the setting unset (or emptied at the end of a transaction) it is NULL,
        // and NULL equals no tenant. The sub-select is evaluated once per query, not once per row.
        var currentTenant = "(SELECT nullif(current_setting('" + Billing.TENANT_SETTING + "', true), '')::bigint)";
        try (Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + app + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                    + " NOINHERIT");

            sql.execute("REVOKE ALL ON SCHEMA " + schema + " FROM PUBLIC");
            sql.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + app);
            sql.execute("GRANT SELECT ON " + s + "tenants, " + s + "tax_rates, " + s + "revenue_by_month TO " + app);
            sql.execute("GRANT SELECT, INSERT ON " + s + "customers, " + s + "invoices TO " + app);
            sql.execute("GRANT UPDATE (name, email, country) ON " + s + "customers TO " + app);
            sql.execute("GRANT UPDATE (status, paid_on) ON " + s + "invoices TO " + app);
            sql.execute("GRANT INSERT ON " + s + "audit_log TO " + app);

            // A view reads its tables with its owner's rights unless told otherwise, and the owner here
            // is the administrator, whom no policy stops: the dashboard would show every tenant's revenue.
            sql.execute("ALTER VIEW " + s + "revenue_by_month SET (security_invoker = true)");

            for (var table : TENANT_TABLES) {
                var name = s + table.get(0);
                var own = table.get(1) + " = " + currentTenant;
                sql.execute("ALTER TABLE " + name + " ENABLE ROW LEVEL SECURITY");
                // Owners too, should the tables ever be handed to a non-superuser owner.
                sql.execute("ALTER TABLE " + name + " FORCE ROW LEVEL SECURITY");
                // USING filters what the role sees, updates and deletes; WITH CHECK what it may write,
                // so a row can neither be planted in another tenant nor moved there.
                sql.execute("CREATE POLICY " + table.get(0) + "_own_tenant ON " + name + " TO " + app
                        + " USING (" + own + ") WITH CHECK (" + own + ")");
            }
        }
        // The SCRAM verifier is computed here: the password itself never reaches the server, so no
        // statement log (log_statement = 'ddl') can record it.
        admin.unwrap(PGConnection.class).alterUserPassword(app, appPassword, "scram-sha-256");
    }

    private static String identifier(String what, String value) {
        if (!IDENTIFIER.matcher(Objects.requireNonNull(value, what)).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case PostgreSQL identifier"
                    + " (letters, digits, underscores; at most 63): got '" + value + "'");
        }
        return value;
    }
}
