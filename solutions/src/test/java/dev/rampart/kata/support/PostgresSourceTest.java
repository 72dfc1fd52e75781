package dev.rampart.kata.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which PostgreSQL the database suites get for which settings; nothing here starts a server. */
class PostgresSourceTest {

    private static final String URL = "jdbc:postgresql://db.internal:5432/rampart?user=kata&password=hunter2";

    private static PostgresSource choose(Map<String, String> environment, Map<String, String> properties) {
        return PostgresSource.choose(environment, properties::get);
    }

    @Test
    void nothingSetMeansEmbedded() {
        assertThat(choose(Map.of(), Map.of())).isEqualTo(new PostgresSource.Embedded());
    }

    @Test
    void aBlankUrlCountsAsUnset() {
        assertThat(choose(Map.of("RAMPART_DB_URL", "  "), Map.of())).isEqualTo(new PostgresSource.Embedded());
    }

    @Test
    void rampartDbUrlNamesAnExistingServer() {
        assertThat(choose(Map.of("RAMPART_DB_URL", URL), Map.of())).isEqualTo(new PostgresSource.External(URL));
    }

    @Test
    void thePropertyAsksForTestcontainers() {
        assertThat(choose(Map.of(), Map.of("rampart.db", "testcontainers"))).isEqualTo(new PostgresSource.Testcontainers());
        assertThat(choose(Map.of(), Map.of("rampart.db", " TestContainers "))).isEqualTo(new PostgresSource.Testcontainers());
    }

    @Test
    void thePropertyWinsOverTheEnvironmentVariable() {
        var environment = Map.of("RAMPART_DB_URL", URL);
        assertThat(choose(environment, Map.of("rampart.db", "testcontainers"))).isEqualTo(new PostgresSource.Testcontainers());
        assertThat(choose(environment, Map.of("rampart.db", "embedded"))).isEqualTo(new PostgresSource.Embedded());
    }

    @Test
    void anUnknownPropertyValueListsTheKnownOnes() {
        assertThatThrownBy(() -> choose(Map.of(), Map.of("rampart.db", "docker")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("-Drampart.db=docker", "embedded", "testcontainers", "RAMPART_DB_URL");
    }

    @Test
    void aUrlThatIsNotJdbcPostgresqlIsRefusedWithoutEchoingItsPassword() {
        assertThatThrownBy(() -> choose(Map.of("RAMPART_DB_URL", "postgres://kata:hunter2@db.internal/rampart"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("RAMPART_DB_URL", "jdbc:postgresql://", "unset it to use the embedded database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theExternalSourceNeverPrintsItsPassword() {
        var source = new PostgresSource.External(URL);
        assertThat(source.toString()).doesNotContain("hunter2").contains("db.internal:5432/rampart");
        assertThat(source.describe()).doesNotContain("hunter2");
    }

    @Test
    void testcontainersWithoutDockerFailsAtOnceNamingTheOtherTwoOptions() {
        var asked = new AtomicBoolean();
        assertThatThrownBy(() -> PostgresServer.container(() -> {
            asked.set(true);
            return false;
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("Docker", "drop -Drampart.db to use the embedded database", "RAMPART_DB_URL");
        assertThat(asked).as("Docker was asked before any container was built").isTrue();
    }

    @Test
    void aServerThatRefusesConnectionsSaysWhatToDoInstead() {
        var error = external().explain("connect", new SQLException("Connection to db.internal:5432 refused.", "08001"));
        assertThat(error).hasMessageStartingWith("RAMPART_DB_URL (jdbc:postgresql://db.internal:5432/rampart?…) refuses connections")
                .hasMessageEndingWith("unset RAMPART_DB_URL to use the embedded database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void eachKindOfServerFailureIsNamed() {
        assertThat(external().explain("connect", new SQLException("password authentication failed", "28P01")))
                .hasMessageContaining("rejects its user or password");
        assertThat(external().explain("connect", new SQLException("database \"rampart\" does not exist", "3D000")))
                .hasMessageContaining("the database named in RAMPART_DB_URL");
        assertThat(external().explain("create a schema", new SQLException("permission denied for database rampart", "42501")))
                .hasMessageContaining("may not create a schema (GRANT CREATE ON DATABASE to it)");
    }

    private static PostgresServer external() {
        return new PostgresServer(new PostgresSource.External(URL), URL, Optional.empty(), Optional.empty(), () -> { });
    }

    @Test
    void schemaNamesArePlainIdentifiersUniquePerClassRun() {
        var name = TestSchema.nameFor("UserRepositoryTest$Nested Ω");
        assertThat(name).matches("rampart_userrepositorytest_nested_[a-f0-9]{8}");
        assertThat(TestSchema.nameFor("A".repeat(100))).hasSizeLessThanOrEqualTo(63);
        assertThat(TestSchema.nameFor("Same")).isNotEqualTo(TestSchema.nameFor("Same"));
    }
}
