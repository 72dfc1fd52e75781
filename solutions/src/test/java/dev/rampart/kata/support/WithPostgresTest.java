package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link WithPostgres} on the real server this JVM uses. */
@WithPostgres
class WithPostgresTest {

    private final DataSource db;

    WithPostgresTest(DataSource db) {
        this.db = db;
    }

    @Test
    void connectionsWorkInTheClassSchemaThenTheCatalog() throws SQLException {
        assertThat(query(db, "SHOW search_path")).singleElement().asString()
                .matches("rampart_withpostgrestest_[a-f0-9]{8}, ?pg_catalog");
        execute(db, "CREATE TABLE IF NOT EXISTS mine (id int)");
        assertThat(query(db, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'mine'"))
                .singleElement().asString().startsWith("rampart_withpostgrestest_");
    }

    @Test
    void aTestMethodGetsTheSameSchemaAsTheConstructor(DataSource other) throws SQLException {
        assertThat(query(other, "SELECT current_schema()")).isEqualTo(query(db, "SELECT current_schema()"));
    }

    @Test
    void anotherClassSchemaIsNotOnThePath() throws SQLException {
        try (var elsewhere = TestSchema.create(SharedPostgres.server(), "Elsewhere")) {
            execute(elsewhere.dataSource(), "CREATE TABLE secrets (id int)");
            assertThat(query(elsewhere.dataSource(), "SELECT count(*) FROM secrets")).containsExactly("0");
            assertThat(query(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'secrets'"))
                    .containsExactly("0");
        }
    }

    @Test
    void aFunctionInTheClassSchemaStandsInForABuiltIn() throws SQLException {
        execute(db, "CREATE OR REPLACE FUNCTION version() RETURNS text LANGUAGE sql AS $$ SELECT 'stand-in' $$");
        assertThat(query(db, "SELECT version()")).containsExactly("stand-in");
    }

    @Test
    void aConnectionTakenAgainIsTheSameBackendAsAFreshSession() throws SQLException {
        String backend;
        try (var c = db.getConnection(); var s = c.createStatement()) {
            backend = single(s, "SELECT pg_backend_pid()");
            var schema = single(s, "SELECT current_schema()");
            s.execute("CREATE TABLE IF NOT EXISTS kept (id int)");
            // What an attack could leave in its session for the next case to trip over.
            s.execute("CREATE TEMPORARY TABLE kept (id int); INSERT INTO pg_temp.kept VALUES (1)");
            s.execute("PREPARE left_behind AS SELECT 1");
            s.execute("SELECT set_config('rampart.left', 'behind', false)");
            s.execute("SET search_path TO public");
            c.setAutoCommit(false);
            s.execute("INSERT INTO " + schema + ".kept VALUES (2)");
            s.execute("SET ROLE pg_read_all_data");
        }

        try (var c = db.getConnection(); var s = c.createStatement()) {
            assertThat(single(s, "SELECT pg_backend_pid()")).as("the same backend, caches warm").isEqualTo(backend);
            assertThat(single(s, "SHOW search_path")).matches("rampart_withpostgrestest_[a-f0-9]{8}, ?pg_catalog");
            assertThat(single(s, "SELECT coalesce(current_setting('rampart.left', true), '')")).isEmpty();
            assertThat(single(s, "SELECT count(*) FROM pg_prepared_statements WHERE name = 'left_behind'")).isEqualTo("0");
            assertThat(single(s, "SELECT current_user = session_user")).isEqualTo("t");
            assertThat(single(s, "SELECT count(*) FROM kept"))
                    .as("the temporary table is gone, and the uncommitted row was rolled back").isEqualTo("0");
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void codeThatNeverClosesItsConnectionsIsToldSoAtOnce() throws SQLException {
        try (var schema = TestSchema.create(SharedPostgres.server(), "Leaky")) {
            var leaked = new ArrayList<java.sql.Connection>();
            try {
                for (int i = 0; i < SessionPool.MAX_CONNECTIONS; i++) {
                    leaked.add(schema.dataSource().getConnection());
                }
                assertThatThrownBy(() -> schema.dataSource().getConnection())
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("close every connection you take");
            } finally {
                for (var c : leaked) {
                    c.close();
                }
            }
        }
    }

    @Nested
    class NestedClasses {
        @Test
        void shareTheOuterClassSchema(DataSource nested) throws SQLException {
            assertThat(query(nested, "SELECT current_schema()")).isEqualTo(query(db, "SELECT current_schema()"));
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String single(java.sql.Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
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
