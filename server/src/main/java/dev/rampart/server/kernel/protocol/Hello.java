package dev.rampart.server.kernel.protocol;

import java.util.Objects;

/**
 * The first frame a kernel sends: it proves the kernel is the process the server started (the
 * token travelled over the child's stdin, which no other process can read) before anything else
 * is believed.
 *
 * @param token the one-time secret the server handed to this child
 * @param pid   the child's process id, for logs
 */
public record Hello(String token, long pid) implements Message {
    public Hello {
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "Hello[pid=" + pid + "]"; // never log the token
    }
}
