package dev.rampart.server;

import dev.rampart.server.dojo.DojoWorkspaces;
import dev.rampart.server.dojo.Room;
import dev.rampart.server.http.Authenticator;
import dev.rampart.server.http.DojoRoutes;
import dev.rampart.server.http.RampartApp;
import dev.rampart.server.http.ServerSettings;
import dev.rampart.server.notebook.ReleasedKatas;
import dev.rampart.server.security.AccessToken;
import dev.rampart.server.security.Credentials;
import dev.rampart.server.security.LoginThrottle;
import dev.rampart.server.security.Principal;
import dev.rampart.server.security.SecurityLog;
import dev.rampart.server.security.Sessions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A dojo server, wired: the room kept in the dojo folder, a fresh facilitator token (printed
 * once, like the single-user token), each participant's link as their credential, their own
 * workspaces, and the board. {@link #launch} wires it with real kernels for {@code Main}; tests
 * {@link #create} it with fake ones.
 *
 * @param app         the app, not started
 * @param facilitator the facilitator's token, for the printed link only
 * @param room        the room
 * @param workspaces  the participants' workspaces
 */
public record DojoServer(RampartApp app, AccessToken facilitator, Room room, DojoWorkspaces workspaces) {

    /** Of the room's kernels, how many notebooks may hold; the other four are for attack runs. */
    private static final int NOTEBOOK_SEATS = 12;

    /** Dojo mode ({@code --dojo DIR}): the room kept in DIR, each participant's copy of the workspace in it. */
    static Launch launch(ServerOptions options, ServerParts parts) {
        var folder = options.dojo().orElseThrow();
        var release = ReleasedKatas.bundled();
        var dojo = create(parts.settings(), folder, parts::workspace, NOTEBOOK_SEATS, release, parts.securityLog(), parts.clock(),
                parts.random());
        return new Launch(dojo.app(), "a dojo from " + folder + " (each participant gets a copy of " + release.origin().note() + ")",
                List.of(new Launch.Link("Open the facilitator's board in your browser (the link is yours alone; participants get"
                        + " theirs from the board):", dojo.facilitatorPath())));
    }

    /** The facilitator's link, relative to the server's address. */
    public String facilitatorPath() {
        return "/dojo/board.html?token=" + facilitator.reveal();
    }

    /**
     * @param folder  where the room's state and the participants' workspaces are kept
     * @param factory builds one participant's notebooks, kata sources, kernels and attack runs over their folder
     * @param notebookSeats how many of the room's kernels notebooks may hold at once; the others are the attack runs'
     * @param release what each participant gets a copy of: the katas as released
     */
    public static DojoServer create(ServerSettings settings, Path folder, DojoWorkspaces.Factory factory,
                                    int notebookSeats, ReleasedKatas release, SecurityLog log, Clock clock, SecureRandom random) {
        var room = Room.open(folder, clock, random);
        var facilitator = AccessToken.generate(random);
        var credentials = Credentials.of(facilitator, new Principal(Principal.Role.FACILITATOR, "facilitator")).or(room.tokens());
        var authenticator = new Authenticator(credentials, new Sessions(random, clock, Duration.ofHours(24), 4 * Room.MAX_PARTICIPANTS),
                LoginThrottle.standard(clock), log);
        var workspaces = new DojoWorkspaces(room, release, factory, notebookSeats, clock, Duration.ofSeconds(30));
        var app = new RampartApp(settings, authenticator, log, workspaces, List.of(new DojoRoutes(room, workspaces, release.katas(), authenticator::signOutEverywhere)));
        return new DojoServer(app, facilitator, room, workspaces);
    }
}
