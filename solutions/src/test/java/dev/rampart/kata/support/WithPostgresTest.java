package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;

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
