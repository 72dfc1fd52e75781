package dev.rampart.server.dojo;

import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.http.Workspace;
import dev.rampart.server.http.Workspaces;
import dev.rampart.server.notebook.Starters;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Credentials;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
import dev.rampart.server.security.TokenBook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An interview server, wired: the candidate's workspace (a copy of the katas in {@code folder}),
 * a one-time candidate link (used up by its first sign-in, after which only that browser's
 * session cookie opens the work), a separate interviewer link, the time box, and the report.
 *
 * @param app           the app, not started
 * @param candidateLink the candidate's one-time link, relative to the server's address
 * @param interviewer   the interviewer's token
 * @param interview     the exercise
 */
public record InterviewServer(RampartApp app, String candidateLink, AccessToken interviewer, Interview interview) {

    public String interviewerPath() {
        return "/interview/report.html?token=" + interviewer.reveal();
    }

    /**
     * @throws IllegalArgumentException when the kata is not in the catalogue
     */
    public static InterviewServer create(ServerSettings settings, Path folder, Path source, String kata, Duration limit,
                                         DojoWorkspaces.Factory factory, Starters starters, SecurityLog log, Clock clock,
                                         SecureRandom random) {
        if (starters.find(kata).isEmpty()) {
            throw new IllegalArgumentException("No kata " + kata + " in the catalogue: pass one of "
                    + starters.katas().stream().map(k -> k.id()).toList());
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
        var workspaceFolder = folder.resolve("workspace");
        if (!Files.isDirectory(workspaceFolder)) {
            DojoWorkspaces.copyWorkspace(source, workspaceFolder);
        }
        var parts = factory.create("candidate", workspaceFolder);
        var kernels = new InterviewKernels(parts.kernels(), interview);
        var workspace = new Workspace(parts.notebooks(), parts.katas(), kernels, new InterviewAttackRuns(parts.attacks(), interview),
                interview::lock);
        interview.onFreeze(() -> {
            kernels.shutdownAll();
            workspace.attacks().release();
        });
        Workspaces workspaces = principal -> principal.role() == Principal.Role.CANDIDATE ? Optional.of(workspace) : Optional.empty();
        var report = new InterviewReport(interview, parts.katas(), starters);
        var app = new RampartApp(settings, authenticator, log, workspaces, List.of(new InterviewRoutes(interview, report)));
        return new InterviewServer(app, "/?token=" + candidateToken, interviewer, interview);
    }
}
