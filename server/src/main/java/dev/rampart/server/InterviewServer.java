package dev.rampart.server;

import dev.rampart.server.dojo.DojoWorkspaces;
import dev.rampart.server.dojo.Interview;
import dev.rampart.server.dojo.InterviewReport;
import dev.rampart.server.dojo.InterviewWorkspace;
import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.InterviewRoutes;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Credentials;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
import dev.rampart.server.security.TokenBook;
import dev.rampart.server.workspace.Workspaces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An interview server, wired: the candidate's workspace (a copy of the katas as released, in {@code folder}),
 * a one-time candidate link (used up by its first sign-in, after which only that browser's
 * session cookie opens the work), a separate interviewer link, the time box, and the report.
 *
 * @param app           the app, not started
 * @param candidateLink the candidate's one-time link, relative to the server's address
 * @param interviewer   the interviewer's token
 * @param interview     the exercise
 */
public record InterviewServer(RampartApp app, String candidateLink, AccessToken interviewer, Interview interview) {

    /**
     * Interview mode ({@code --interview KATA}): the work kept in a fresh temporary folder, and
     * the time box kept even when nobody is looking (a clock freezes the work when it ends).
     *
     * @throws IllegalArgumentException when the kata is not in the catalogue
     * @throws IOException              when the folder cannot be made
     */
    static Launch launch(ServerOptions options, ServerParts parts) throws IOException {
        var kata = options.interview().orElseThrow();
        var folder = Files.createTempDirectory("rampart-interview-");
        var release = ReleasedKatas.bundled();
        var server = create(parts.settings(), folder, kata, Duration.ofMinutes(options.minutes()), parts::workspace, release,
                parts.securityLog(), parts.clock(), parts.random());
        var ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "rampart-interview-clock");
            thread.setDaemon(true);
            return thread;
        });
        // The check freezes the work and stops the kernels once the time is up.
        ticker.scheduleAtFixedRate(server.interview()::frozen, 1, 1, TimeUnit.SECONDS);
        return new Launch(server.app(),
                "an interview on " + kata + " for " + options.minutes() + " minutes (the candidate gets a copy of " + release.origin().note()
                        + "; work kept in " + folder + ")",
                List.of(new Launch.Link("The interviewer's report (keep this link to yourself):", server.interviewerPath()),
                        new Launch.Link("The candidate's link (works once, in one browser; the time starts when it is opened):",
                                server.candidateLink())));
    }

    public String interviewerPath() {
        return "/interview/report.html?token=" + interviewer.reveal();
    }

    /**
     * @throws IllegalArgumentException when the kata is not in the catalogue
     */
    public static InterviewServer create(ServerSettings settings, Path folder, String kata, Duration limit,
                                         DojoWorkspaces.Factory factory, ReleasedKatas release, SecurityLog log, Clock clock,
                                         SecureRandom random) {
        if (release.find(kata).isEmpty()) {
            throw new IllegalArgumentException("No kata " + kata + " in the catalogue: pass one of "
                    + release.katas().stream().map(k -> k.id()).toList());
        }
        var interview = new Interview(kata, limit, clock);
        var book = new TokenBook(random);
        var candidateToken = book.issueOnce(Interview.CANDIDATE);
        var interviewer = AccessToken.generate(random);
        Credentials candidate = token -> {
            var who = book.identify(token);
            who.ifPresent(principal -> interview.start());
            return who;
        };
        var authenticator = new Authenticator(Credentials.of(interviewer, Interview.INTERVIEWER).or(candidate),
                new Sessions(random, clock, Duration.ofHours(24), 16), LoginThrottle.standard(clock), log);
        var workspace = InterviewWorkspace.create(interview, folder, release, factory);
        Workspaces workspaces = principal -> principal.role() == Principal.Role.CANDIDATE ? Optional.of(workspace) : Optional.empty();
        var report = new InterviewReport(interview, workspace.katas(), release);
        var app = new RampartApp(settings, authenticator, log, workspaces, List.of(new InterviewRoutes(interview, report)));
        return new InterviewServer(app, "/?token=" + candidateToken, interviewer, interview);
    }
}
