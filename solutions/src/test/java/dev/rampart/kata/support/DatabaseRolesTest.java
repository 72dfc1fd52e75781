package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link DatabaseRoles} on the real server this JVM uses. */
@WithPostgres
class DatabaseRolesTest {

    private final DataSource admin;
    private final DatabaseRoles roles;

    DatabaseRolesTest(DataSource admin, DatabaseRoles roles) {
        this.admin = admin;
        this.roles = roles;
    }

    @AfterEach
    void dropRoles() {
        roles.dropAll();
    }

    @Test
    void namesShareTheSchemaSuffixAndNeedNoQuoting() {
        var suffix = roles.schema().substring(roles.schema().lastIndexOf('_') + 1);
        assertThat(roles.name("app")).isEqualTo("rampart_" + suffix + "_app").matches("[a-z0-9_]{1,63}");
        assertThatThrownBy(() -> roles.name("App; DROP ROLE postgres")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case letters");
        assertThatThrownBy(() -> roles.name("x".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectsAsTheRoleSearchingTheClassSchemaOnly() throws SQLException {
        var app = roles.name("app");
        execute(admin, "CREATE ROLE " + app + " LOGIN PASSWORD 'app-password'");
        var asApp = roles.connectAs(app, "app-password");
        assertThat(query(asApp, "SELECT current_user")).containsExactly(app);
        assertThat(query(asApp, "SELECT session_user")).containsExactly(app);
        assertThat(query(asApp, "SHOW search_path")).containsExactly(roles.schema());
    }

    @Test
    void dropAllRemovesTheRolesWhatTheyOwnAndTheirPrivilegesButKeepsTheSchema() throws SQLException {
        var owner = roles.name("owner");
        var other = roles.name("other");
        execute(admin, "CREATE ROLE " + owner + " LOGIN SUPERUSER");
        execute(admin, "CREATE ROLE " + other + " LOGIN");
        execute(admin, "CREATE TABLE kept (id int)");
        execute(admin, "GRANT SELECT ON kept TO " + other);
        execute(admin, "ALTER SCHEMA " + roles.schema() + " OWNER TO " + owner);
        var asOwner = roles.connectAs(owner, "");
        execute(asOwner, "CREATE TABLE owned (id int)");
        execute(asOwner, "CREATE FUNCTION public." + owner + "_f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        execute(asOwner, "CREATE ROLE \"" + roles.prefix() + "odd \"\"name\"");
        execute(asOwner, "CREATE DATABASE " + roles.name("db"));
        assertThat(roles.existing()).hasSize(3);

        roles.dropAll();

        assertThat(roles.existing()).isEmpty();
        assertThat(query(admin, "SELECT datname FROM pg_database WHERE datname = '" + roles.name("db") + "'")).isEmpty();
        assertThat(query(admin, "SELECT proname FROM pg_proc WHERE proname = '" + owner + "_f'")).isEmpty();
        assertThat(query(admin, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = current_schema()"))
                .containsExactly(query(admin, "SELECT current_user").get(0));
        assertThat(query(admin, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'owned'"))
                .containsExactly("0");
        assertThat(query(admin, "SELECT count(*) FROM kept")).containsExactly("0");
    }

    @Test
    void closingTheSchemaDropsItsRoles() throws SQLException {
        try (var elsewhere = TestSchema.create(SharedPostgres.server(), "Elsewhere")) {
            execute(elsewhere.dataSource(), "CREATE ROLE " + elsewhere.roles().name("app") + " LOGIN");
            assertThat(elsewhere.roles().existing()).hasSize(1);
            elsewhere.close();
            assertThat(elsewhere.roles().existing()).isEmpty();
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> query(DataSource ds, String sql) throws SQLException {
        try (var c = ds.getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            var rows = new ArrayList<String>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
