package dev.rampart.kata.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * A PostgreSQL schema for a lesson notebook to attack: on the server the database suites use
 * (embedded, unless {@code RAMPART_DB_URL} or {@code -Drampart.db} say otherwise; see
 * {@link PostgresSource}), started on first use in this JVM (in a notebook, the kernel) and
 * stopped when that JVM exits.
 *
 * <pre>{@code
 * var db = LessonDatabase.open("sql-injection");   // the first call starts PostgreSQL: a few seconds
 * UserSchema.reset(db);
 * }</pre>
 *
 * <p>Not for suites: they declare {@link WithPostgres}, which gives each class a schema and drops
 * it when the class ends. A lesson's schema lives as long as its kernel.
 */
public final class LessonDatabase {

    /**
     * One schema per lesson and JVM: running the cell again, or the kernel replaying it after the
     * learner changed the kata's code, must land in the same schema, not a new one each time.
     */
    private static final Map<String, TestSchema> SCHEMAS = new ConcurrentHashMap<>();

    private LessonDatabase() {
    }

    /**
     * A {@link DataSource} whose connections use this lesson's own schema, made empty on the
     * first call in this JVM and the same one on every later call.
     *
     * @param lesson the lesson's kata id, which names the schema
     * @throws IllegalStateException if no PostgreSQL could be had, saying which setting to change
     */
    public static DataSource open(String lesson) {
        return SCHEMAS.computeIfAbsent(lesson, LessonDatabase::create).dataSource();
    }

    /**
     * Login roles for this lesson ({@code roles("least-privilege-db").name("app")}), named after
     * its schema like a suite's {@link DatabaseRoles}, so the cells can create the role a
     * migration makes and connect as it. They are dropped with the lesson's schema: with the
     * embedded server when the kernel stops, on a server someone else runs by the same hook.
     *
     * @param lesson the lesson's kata id, as given to {@link #open(String)}
     */
    public static DatabaseRoles roles(String lesson) {
        return SCHEMAS.computeIfAbsent(lesson, LessonDatabase::create).roles();
    }

    private static TestSchema create(String lesson) {
        var server = SharedPostgres.server();
        var schema = TestSchema.forLesson(server, lesson);
        // The one line the lesson's database cell prints: the server's own start-up lines go to its log file.
        System.out.println("PostgreSQL ready (" + server.summary() + ")");
        if (!(server.source() instanceof PostgresSource.Embedded)) {
            // An embedded server's files go with it; on a server someone else runs, clean up.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(schema), "rampart-lesson-schema-drop"));
        }
        return schema;
    }

    private static void dropQuietly(TestSchema schema) {
        try {
            schema.close();
        } catch (RuntimeException e) {
            // The JVM is exiting; a schema left behind is named rampart_lesson_* and holds seed data only.
            System.err.println("Could not drop " + schema + ": " + e.getMessage());
        }
    }
}
