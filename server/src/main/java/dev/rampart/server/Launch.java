package dev.rampart.server;

import dev.rampart.server.http.RampartApp;
import java.util.List;

/**
 * One mode of the server, wired and ready to listen: what {@link Main} starts, and what it tells
 * the person who started it.
 *
 * @param app     the app, not started
 * @param serving what is served, for the start-up line ("a dojo from ...")
 * @param links   the links to print, relative to the server's address, in order
 */
record Launch(RampartApp app, String serving, List<Link> links) {

    Launch {
        links = List.copyOf(links);
    }

    /**
     * @param introduction the line printed above the link: who it is for, and whether to keep it secret
     * @param path         the link, relative to the server's address
     */
    record Link(String introduction, String path) {
    }
}
