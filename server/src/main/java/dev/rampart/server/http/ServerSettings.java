package dev.rampart.server.http;

import dev.rampart.server.security.HostAllowlist;

/**
 * How the app guards itself.
 *
 * @param hosts                 the Host header values accepted (DNS rebinding)
 * @param maxRequestBytes       the largest request body read (a notebook save is the largest)
 * @param maxSocketMessageBytes the largest WebSocket message (a cell's code)
 */
public record ServerSettings(HostAllowlist hosts, long maxRequestBytes, long maxSocketMessageBytes) {

    /** Loopback only, 12 MiB bodies (a 10 MiB notebook plus its envelope), 1 MiB socket messages. */
    public static ServerSettings standard(HostAllowlist hosts) {
        return new ServerSettings(hosts, 12L << 20, 1L << 20);
    }
}
