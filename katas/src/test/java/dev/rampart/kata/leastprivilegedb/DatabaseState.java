package dev.rampart.kata.leastprivilegedb;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database holds, read by the administrator from the catalogue and the tables: the
 * suite's oracle. Two equal states mean an attack changed nothing; each part says where to look
 * when they differ.
 *
 * @param contents     every row of every billing table, as text; rows of tenant tables start with
 *                     {@code tenant <id>}
 * @param structure    the class schema's tables, views, columns, constraints, policies, triggers,
 *                     functions, owners, privileges and row-level security switches
 * @param ownedObjects whatever the suite's roles own anywhere in the cluster, outside temporary schemas
 * @param roles        the suite's roles with their attributes and memberships, and the privileges on
 *                     the database and on server parameters
 * @param serverConfig the settings {@code ALTER SYSTEM} wrote to {@code postgresql.auto.conf}
 */
record DatabaseState(Map<String, List<String>> contents, List<String> structure, List<String> ownedObjects,
                     List<String> roles, List<String> serverConfig) {

    /** The billing tables, each after the tables it references. */
    static final List<String> TABLES = List.of("tenants", "customers", "invoices", "tax_rates", "audit_log", "backup_credentials");

    /** The tables holding one tenant's rows, with the column naming the tenant. */
    static final Map<String, String> TENANT_TABLES = Map.of(
            "tenants", "id", "customers", "tenant_id", "invoices", "tenant_id", "audit_log", "tenant_id");

    private static final String STRUCTURE = """
            WITH here AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
            SELECT format('%s %s owner=%s persistence=%s rls=%s forced=%s acl=%s options=%s', c.relkind, c.relname,
                          c.relowner::regrole, c.relpersistence, c.relrowsecurity, c.relforcerowsecurity, c.relacl, c.reloptions)
              FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM here)
            UNION ALL
            SELECT format('column %s.%s %s not-null=%s default=%s acl=%s', c.relname, a.attname,
                          format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attacl)
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE c.relnamespace IN (SELECT oid FROM here) AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT format('constraint %s.%s %s', c.relname, k.conname, pg_get_constraintdef(k.oid))
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace IN (SELECT oid FROM here)
            UNION ALL
            SELECT format('policy %s.%s %s %s to=%s using=%s check=%s', tablename, policyname, permissive, cmd, roles, qual, with_check)
              FROM pg_policies WHERE schemaname = current_schema()
            UNION ALL
            SELECT format('trigger %s', pg_get_triggerdef(t.oid))
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE c.relnamespace IN (SELECT oid FROM here) AND NOT t.tgisinternal
            UNION ALL
            SELECT format('view %s %s', c.relname, pg_get_viewdef(c.oid))
              FROM pg_class c WHERE c.relnamespace IN (SELECT oid FROM here) AND c.relkind IN ('v', 'm')
            UNION ALL
            SELECT format('function %s owner=%s security-definer=%s acl=%s', p.oid::regprocedure, p.proowner::regrole, p.prosecdef, p.proacl)
              FROM pg_proc p WHERE p.pronamespace IN (SELECT oid FROM here)
            UNION ALL
            SELECT format('schema %s owner=%s acl=%s', n.nspname, n.nspowner::regrole, n.nspacl)
              FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM here)
            ORDER BY 1
            """;

    private static final String OWNED_OBJECTS = """
            WITH mine AS (SELECT oid FROM pg_roles WHERE starts_with(rolname, ?)),
                 temporary AS (SELECT oid FROM pg_namespace WHERE nspname LIKE 'pg\\_temp\\_%' OR nspname LIKE 'pg\\_toast\\_temp\\_%')
            SELECT 'relation ' || c.oid::regclass::text || ' kind ' || c.relkind::text FROM pg_class c
             WHERE c.relowner IN (SELECT oid FROM mine) AND c.relnamespace NOT IN (SELECT oid FROM temporary)
            UNION ALL SELECT 'function ' || p.oid::regprocedure::text FROM pg_proc p
             WHERE p.proowner IN (SELECT oid FROM mine) AND p.pronamespace NOT IN (SELECT oid FROM temporary)
            UNION ALL SELECT 'schema ' || nspname FROM pg_namespace
             WHERE nspowner IN (SELECT oid FROM mine) AND oid NOT IN (SELECT oid FROM temporary)
            UNION ALL SELECT 'database ' || datname FROM pg_database WHERE datdba IN (SELECT oid FROM mine)
            UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extowner IN (SELECT oid FROM mine)
            UNION ALL SELECT 'publication ' || pubname FROM pg_publication WHERE pubowner IN (SELECT oid FROM mine)
            UNION ALL SELECT 'foreign server ' || srvname FROM pg_foreign_server WHERE srvowner IN (SELECT oid FROM mine)
            UNION ALL SELECT 'foreign-data wrapper ' || fdwname FROM pg_foreign_data_wrapper WHERE fdwowner IN (SELECT oid FROM mine)
            UNION ALL SELECT 'event trigger ' || evtname FROM pg_event_trigger WHERE evtowner IN (SELECT oid FROM mine)
            UNION ALL SELECT 'default privileges for ' || defaclobjtype::text FROM pg_default_acl WHERE defaclrole IN (SELECT oid FROM mine)
            UNION ALL SELECT 'large objects: ' || count(*) FROM pg_largeobject_metadata
             WHERE lomowner IN (SELECT oid FROM mine) HAVING count(*) > 0
            ORDER BY 1
            """;

    private static final String ROLES = """
            WITH mine AS (SELECT oid FROM pg_roles WHERE starts_with(rolname, ?))
            SELECT format('role %s superuser=%s createrole=%s createdb=%s replication=%s bypassrls=%s login=%s inherit=%s',
                          rolname, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin, rolinherit)
              FROM pg_roles WHERE oid IN (SELECT oid FROM mine)
            UNION ALL
            SELECT format('member %s of %s admin=%s inherit=%s set=%s', m.member::regrole, m.roleid::regrole,
                          m.admin_option, m.inherit_option, m.set_option)
              FROM pg_auth_members m WHERE m.member IN (SELECT oid FROM mine) OR m.roleid IN (SELECT oid FROM mine)
            UNION ALL
            SELECT format('database %s acl=%s', datname, coalesce(datacl, acldefault('d', datdba)))
              FROM pg_database WHERE datname = current_database()
            UNION ALL
            SELECT format('parameter %s acl=%s', parname, paracl) FROM pg_parameter_acl
            ORDER BY 1
            """;

    private static final String SERVER_CONFIG = """
            SELECT format('%s = %s', name, setting) FROM pg_file_settings
             WHERE sourcefile LIKE '%postgresql.auto.conf' ORDER BY 1
            """;

    /** Reads the whole state over the administrator's connection; {@code rolePrefix} picks out the suite's roles. */
    static DatabaseState read(Connection connection, String rolePrefix) throws SQLException {
        {
            var contents = new LinkedHashMap<String, List<String>>();
            // One transaction, a savepoint per table: a dropped table must not hide the others.
            connection.setAutoCommit(false);
            for (var table : TABLES) {
                var tenant = TENANT_TABLES.get(table);
                // Table and column names are the constants above, never input.
                contents.put(table, rows(connection, tenant == null
                        ? "SELECT t::text FROM " + table + " t ORDER BY 1"
                        : "SELECT 'tenant ' || " + tenant + " || ' ' || t::text FROM " + table + " t ORDER BY 1"));
            }
            connection.setAutoCommit(true);
            return new DatabaseState(contents, column(connection, STRUCTURE), column(connection, OWNED_OBJECTS, rolePrefix),
                    column(connection, ROLES, rolePrefix), column(connection, SERVER_CONFIG));
        }
    }

    /** The rows of every tenant but this one, by table: what a cross-tenant write would change. */
    Map<String, List<String>> rowsOfOtherTenants(long tenant) {
        var own = "tenant " + tenant + " ";
        var rows = new LinkedHashMap<String, List<String>>();
        for (var table : TENANT_TABLES.keySet().stream().sorted().toList()) {
            rows.put(table, contents.get(table).stream().filter(row -> !row.startsWith(own)).toList());
        }
        return rows;
    }

    /** The rows of one tenant, by table: what tampering inside the tenant would change. */
    Map<String, List<String>> rowsOfTenant(long tenant) {
        var own = "tenant " + tenant + " ";
        var rows = new LinkedHashMap<String, List<String>>();
        for (var table : TENANT_TABLES.keySet().stream().sorted().toList()) {
            rows.put(table, contents.get(table).stream().filter(row -> row.startsWith(own)).toList());
        }
        return rows;
    }

    /** This state with another's rows: equal to that other state when only rows differ. */
    DatabaseState withContentsOf(DatabaseState other) {
        return new DatabaseState(other.contents, structure, ownedObjects, roles, serverConfig);
    }

    /** The rows of these tables only. */
    Map<String, List<String>> contentsOf(String... tables) {
        var picked = new LinkedHashMap<String, List<String>>();
        for (var table : tables) {
            picked.put(table, contents.get(table));
        }
        return picked;
    }

    /** A table that cannot be read shows as one line saying why, so a dropped table differs from an empty one. */
    private static List<String> rows(Connection connection, String sql) throws SQLException {
        var savepoint = connection.setSavepoint();
        try {
            return column(connection, sql);
        } catch (SQLException unreadable) {
            connection.rollback(savepoint);
            return List.of("(cannot read: " + unreadable.getMessage() + ")");
        }
    }

    private static List<String> column(Connection connection, String sql, String... parameters) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
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
}
