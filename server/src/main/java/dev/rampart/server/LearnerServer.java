package dev.rampart.server;

import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.Sessions;
import dev.rampart.server.workspace.Workspaces;
import java.time.Duration;
import java.util.List;

/** The single-learner server: one workspace, one learner, whose link holds a fresh token printed once. */
final class LearnerServer {

    private LearnerServer() {
    }

    static Launch launch(ServerOptions options, ServerParts parts) {
        var token = AccessToken.generate(parts.random());
        var sessions = new Sessions(parts.random(), parts.clock(), Duration.ofHours(24), 256);
        var authenticator = new Authenticator(token, sessions, LoginThrottle.standard(parts.clock()), parts.securityLog());
        var app = new RampartApp(parts.settings(), authenticator, parts.securityLog(),
                Workspaces.only(parts.workspace("learner", options.workspace())), List.of());
        return new Launch(app, options.workspace().toString(), List.of(new Launch.Link(
                "Open this URL in your browser (it holds the access token, keep it to yourself):", "/?token=" + token.reveal())));
    }
}
