package dev.rampart.server.http;

import dev.rampart.server.dojo.Interview;
import dev.rampart.server.dojo.InterviewReport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Map;
import java.util.Set;

/**
 * An interview's routes: the time left (the candidate's page shows it; the interviewer's too),
 * and for the {@link Access#INTERVIEWER} only, the report page ({@code /interview/}), its
 * JSON, the JSON as a file, and ending early.
 */
public final class InterviewRoutes implements RampartApp.Extension {

    private final Interview interview;
    private final InterviewReport report;

    public InterviewRoutes(Interview interview, InterviewReport report) {
        this.interview = interview;
        this.report = report;
    }

    @Override
    public void register(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/interview";
            files.directory = "/web/interview";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
            files.roles = Set.of(Access.INTERVIEWER);
        });
        config.routes.get("/api/interview/status", this::status, Access.SIGNED_IN);
        config.routes.get("/api/interview/report", ctx -> Json.send(ctx, report.json()), Access.INTERVIEWER);
        config.routes.get("/api/interview/report.json", ctx -> {
            ctx.header("Content-Disposition", "attachment; filename=\"interview-" + interview.kata() + ".json\"");
            Json.send(ctx, report.json());
        }, Access.INTERVIEWER);
        config.routes.post("/api/interview/end", ctx -> {
            interview.end();
            status(ctx);
        }, Access.INTERVIEWER);
    }

    void status(Context ctx) {
        var body = Json.object().put("kata", interview.kata()).put("secondsLeft", interview.left().toSeconds())
                .put("limitSeconds", interview.limit().toSeconds()).put("frozen", interview.frozen())
                .put("started", interview.started().isPresent());
        Json.send(ctx, body);
    }
}
