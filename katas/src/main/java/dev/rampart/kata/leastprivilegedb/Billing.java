package dev.rampart.kata.leastprivilegedb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The billing service's data access: customers, invoices and the revenue chart of one tenant at
 * a time, through the connections {@link AppRoleMigration} set up for the application.
 *
 * <p>Every call runs in a transaction that first records whose data it works on in the
 * {@value #TENANT_SETTING} setting, for that transaction only (so a pooled connection never
 * carries one tenant into the next request), and every change leaves a line in the audit log.
 */
public final class Billing {

    /** The session setting that names the tenant a transaction works for. */
    public static final String TENANT_SETTING = "app.tenant_id";

    private final DataSource dataSource;

    public Billing(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The tenant's company name, for the invoice header. */
    public Optional<String> tenantName(long tenant) throws SQLException {
        return inTenant(tenant, connection -> {
            try (var statement = prepare(connection, "SELECT name FROM tenants WHERE id = ?", tenant);
                 var rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    /** The tenant's customers, oldest first. */
    public List<Customer> customers(long tenant) throws SQLException {
        return inTenant(tenant, connection -> {
            try (var statement = prepare(connection,
                    "SELECT id, name, email, country FROM customers WHERE tenant_id = ? ORDER BY id", tenant);
                 var rs = statement.executeQuery()) {
                var customers = new ArrayList<Customer>();
                while (rs.next()) {
                    customers.add(new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
                return customers;
            }
        });
    }

    /** Adds a customer to the tenant's book. */
    public Customer addCustomer(long tenant, String actor, String name, String email, String country) throws SQLException {
        return inTenant(tenant, connection -> {
            long id;
            try (var statement = prepare(connection,
                    "INSERT INTO customers (tenant_id, name, email, country) VALUES (?, ?, ?, ?) RETURNING id",
                    tenant, name, email, country);
                 var rs = statement.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            audit(connection, tenant, actor, "customer.added", email);
            return new Customer(id, name, email, country);
        });
    }

    /** The tenant's invoices, in the order they were issued. */
    public List<Invoice> invoices(long tenant) throws SQLException {
        return inTenant(tenant, connection -> {
            try (var statement = prepare(connection,
                    "SELECT number, customer_id, net_cents, tax_cents, status, issued_on, paid_on"
                            + " FROM invoices WHERE tenant_id = ? ORDER BY id", tenant);
                 var rs = statement.executeQuery()) {
                var invoices = new ArrayList<Invoice>();
                while (rs.next()) {
                    invoices.add(invoice(rs));
                }
                return invoices;
            }
        });
    }

    /**
     * Issues an invoice to one of the tenant's customers, adding the tax of the customer's
     * country, under the tenant's next invoice number.
     *
     * @throws IllegalArgumentException when the customer is not one of this tenant's
     */
    public Invoice issueInvoice(long tenant, String actor, long customerId, long netCents) throws SQLException {
        return inTenant(tenant, connection -> {
            BigDecimal rate;
            try (var statement = prepare(connection, "SELECT r.rate_percent FROM customers c"
                    + " JOIN tax_rates r ON r.country = c.country WHERE c.tenant_id = ? AND c.id = ?", tenant, customerId);
                 var rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("Customer " + customerId + " is not a customer of tenant " + tenant
                            + ", or their country has no tax rate");
                }
                rate = rs.getBigDecimal(1);
            }
            long taxCents = BigDecimal.valueOf(netCents).multiply(rate).divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP)
                    .longValueExact();
            String number;
            try (var statement = prepare(connection, "SELECT count(*) + 1 FROM invoices WHERE tenant_id = ?", tenant);
                 var rs = statement.executeQuery()) {
                rs.next();
                number = "INV-%04d".formatted(rs.getLong(1));
            }
            Invoice issued;
            try (var statement = prepare(connection, "INSERT INTO invoices (tenant_id, customer_id, number, net_cents, tax_cents)"
                    + " VALUES (?, ?, ?, ?, ?) RETURNING number, customer_id, net_cents, tax_cents, status, issued_on, paid_on",
                    tenant, customerId, number, netCents, taxCents);
                 var rs = statement.executeQuery()) {
                rs.next();
                issued = invoice(rs);
            }
            audit(connection, tenant, actor, "invoice.issued", number);
            return issued;
        });
    }

    /** Records that an open invoice was paid; false when the tenant has no open invoice with that number. */
    public boolean markPaid(long tenant, String actor, String number, LocalDate paidOn) throws SQLException {
        return inTenant(tenant, connection -> {
            int updated;
            try (var statement = prepare(connection, "UPDATE invoices SET status = 'paid', paid_on = ?"
                    + " WHERE tenant_id = ? AND number = ? AND status = 'open'", Date.valueOf(paidOn), tenant, number)) {
                updated = statement.executeUpdate();
            }
            if (updated == 1) {
                audit(connection, tenant, actor, "invoice.paid", number);
            }
            return updated == 1;
        });
    }

    /** The tenant's revenue chart, month by month. */
    public List<MonthlyRevenue> revenue(long tenant) throws SQLException {
        return inTenant(tenant, connection -> {
            try (var statement = prepare(connection,
                    "SELECT month, total_cents, invoices FROM revenue_by_month WHERE tenant_id = ? ORDER BY month", tenant);
                 var rs = statement.executeQuery()) {
                var months = new ArrayList<MonthlyRevenue>();
                while (rs.next()) {
                    months.add(new MonthlyRevenue(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getLong(3)));
                }
                return months;
            }
        });
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTenant(long tenant, Work<T> work) throws SQLException {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (var statement = prepare(connection, "SELECT set_config(?, ?, true)", TENANT_SETTING, Long.toString(tenant));
                     var rs = statement.executeQuery()) {
                    rs.next();
                }
                var result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void audit(Connection connection, long tenant, String actor, String action, String detail) throws SQLException {
        try (var statement = prepare(connection,
                "INSERT INTO audit_log (tenant_id, actor, action, detail) VALUES (?, ?, ?, ?)", tenant, actor, action, detail)) {
            statement.executeUpdate();
        }
    }

    private static Invoice invoice(ResultSet rs) throws SQLException {
        return new Invoice(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getDate(6).toLocalDate(), Optional.ofNullable(rs.getDate(7)).map(Date::toLocalDate));
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        var statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }
}
