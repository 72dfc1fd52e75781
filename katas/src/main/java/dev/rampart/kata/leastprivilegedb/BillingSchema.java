package dev.rampart.kata.leastprivilegedb;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The billing service's tables and the three companies using it, as the first migration leaves
 * them: created by the database administrator in the connection's current schema, before
 * {@link AppRoleMigration} decides who may do what with them.
 *
 * <ul>
 *   <li>{@code tenants}: the companies; every other tenant table names one in {@code tenant_id};</li>
 *   <li>{@code customers}, {@code invoices}: each tenant's own business;</li>
 *   <li>{@code tax_rates}: reference data the finance team maintains;</li>
 *   <li>{@code audit_log}: who did what, kept for the auditors;</li>
 *   <li>{@code backup_credentials}: keys of the nightly backup job, which runs as another role;</li>
 *   <li>{@code revenue_by_month}: the view behind each tenant's dashboard.</li>
 * </ul>
 *
 * <p>Keys that reference a tenant's rows carry the tenant too ({@code (tenant_id, customer_id)}),
 * so an invoice can never point at another tenant's customer.
 */
public final class BillingSchema {

    /** The tenants of the seed data. */
    public static final long ACME = 1;
    public static final long GLOBEX = 2;
    public static final long INITECH = 3;

    private static final String SCRIPT = """
            DROP VIEW IF EXISTS revenue_by_month;
            DROP TABLE IF EXISTS audit_log, invoices, customers, tax_rates, backup_credentials, tenants CASCADE;

            CREATE TABLE tenants (
                id   bigint PRIMARY KEY,
                name text NOT NULL,
                plan text NOT NULL CHECK (plan IN ('starter', 'business', 'enterprise'))
            );

            CREATE TABLE customers (
                id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id bigint NOT NULL REFERENCES tenants,
                name      text NOT NULL,
                email     text NOT NULL,
                country   text NOT NULL,
                UNIQUE (tenant_id, id),
                UNIQUE (tenant_id, email)
            );

            CREATE TABLE invoices (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id   bigint NOT NULL REFERENCES tenants,
                customer_id bigint NOT NULL,
                number      text NOT NULL,
                net_cents   bigint NOT NULL CHECK (net_cents >= 0),
                tax_cents   bigint NOT NULL CHECK (tax_cents >= 0),
                status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid', 'void')),
                issued_on   date NOT NULL DEFAULT current_date,
                paid_on     date,
                UNIQUE (tenant_id, number),
                FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
            );

            CREATE TABLE tax_rates (
                country      text PRIMARY KEY,
                rate_percent numeric(5, 2) NOT NULL CHECK (rate_percent BETWEEN 0 AND 100)
            );

            CREATE TABLE audit_log (
                id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                tenant_id bigint NOT NULL REFERENCES tenants,
                at        timestamptz NOT NULL DEFAULT now(),
                actor     text NOT NULL,
                action    text NOT NULL,
                detail    text NOT NULL
            );

            CREATE TABLE backup_credentials (
                id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name   text NOT NULL UNIQUE,
                secret text NOT NULL
            );

            CREATE VIEW revenue_by_month AS
                SELECT tenant_id,
                       date_trunc('month', issued_on)::date AS month,
                       sum(net_cents + tax_cents)           AS total_cents,
                       count(*)                             AS invoices
                FROM invoices
                WHERE status <> 'void'
                GROUP BY tenant_id, date_trunc('month', issued_on);

            INSERT INTO tenants (id, name, plan) VALUES
                (1, 'Acme Tools',   'business'),
                (2, 'Globex',       'enterprise'),
                (3, 'Initech',      'starter');

            INSERT INTO customers (tenant_id, name, email, country) VALUES
                (1, 'Wile E. Coyote',      'wile@desert.example',        'US'),
                (1, 'Roadrunner Express',  'billing@roadrunner.example', 'DE'),
                (2, 'Hank Scorpio',        'hank@globex.example',        'US'),
                (2, 'Cypress Creek Power', 'accounts@cypress.example',   'GB'),
                (3, 'Bill Lumbergh',       'bill@initech.example',       'FR');

            INSERT INTO invoices (tenant_id, customer_id, number, net_cents, tax_cents, status, issued_on, paid_on) VALUES
                (1, (SELECT id FROM customers WHERE email = 'wile@desert.example'),        'INV-0001',  129900,      0, 'paid', '2025-03-03', '2025-03-20'),
                (1, (SELECT id FROM customers WHERE email = 'billing@roadrunner.example'), 'INV-0002',   45000,   8550, 'open', '2025-04-01', NULL),
                (1, (SELECT id FROM customers WHERE email = 'wile@desert.example'),        'INV-0003',    9900,      0, 'void', '2025-04-02', NULL),
                (2, (SELECT id FROM customers WHERE email = 'hank@globex.example'),        'INV-0001', 5000000,      0, 'open', '2025-03-15', NULL),
                (2, (SELECT id FROM customers WHERE email = 'accounts@cypress.example'),   'INV-0002',  720000, 144000, 'paid', '2025-04-10', '2025-04-30'),
                (2, (SELECT id FROM customers WHERE email = 'hank@globex.example'),        'INV-0003',  310000,      0, 'open', '2025-04-22', NULL),
                (3, (SELECT id FROM customers WHERE email = 'bill@initech.example'),       'INV-0001',   18000,   3600, 'open', '2025-04-05', NULL);

            INSERT INTO tax_rates (country, rate_percent) VALUES
                ('DE', 19), ('FR', 20), ('GB', 20), ('NL', 21), ('US', 0);

            INSERT INTO audit_log (tenant_id, at, actor, action, detail) VALUES
                (1, '2025-04-01 09:12:00+00', 'road@acme.example',    'invoice.issued', 'INV-0002 from 198.51.100.23, session 7c1e94b0a2d35f86e4b1'),
                (2, '2025-04-10 16:40:00+00', 'cfo@globex.example',   'invoice.issued', 'INV-0002 from 203.0.113.77, session e2b9d07f15c84a6b3d90'),
                (2, '2025-04-30 08:02:00+00', 'cfo@globex.example',   'invoice.paid',   'INV-0002 from 203.0.113.77, session 94fa3c27be0d61e85a4c'),
                (3, '2025-04-05 11:30:00+00', 'bill@initech.example', 'invoice.issued', 'INV-0001 from 192.0.2.140, session 3d8b6e1fa9c07245bd1e');

            INSERT INTO backup_credentials (name, secret) VALUES
                ('object-storage', 'bk_Q7rVw2LxTn9cHs4MpZd8KjYe3FgUa6Nb'),
                ('archive-cipher', 'bk_mJ5tR1vXqC8wLz3HnE7kPyS2dGfA9uTo');
            """;

    private BillingSchema() {
    }

    /** Drops the tables (if there) and creates them again with the seed data, as the caller. */
    public static void create(Connection admin) throws SQLException {
        try (var statement = admin.createStatement()) {
            statement.execute(SCRIPT);
        }
    }
}
