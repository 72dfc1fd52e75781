package dev.rampart.server.dojo;

import java.time.Instant;
import java.util.Optional;

/**
 * One person in the room. The id is not a secret (the board and its exports show it); the
 * token in their link is, and it is the only thing that opens their workspace.
 *
 * @param id      short and stable, {@code p1}, {@code p2}, ...
 * @param name    as the facilitator typed it
 * @param token   the secret in their personal link (never in an export or a log)
 * @param created when the facilitator made the link
 * @param joined  when they first opened it (their workspace was copied then)
 */
public record Participant(String id, String name, String token, Instant created, Optional<Instant> joined) {

    @Override
    public String toString() {
        return "Participant[" + id + ", " + name + "]";
    }
}
