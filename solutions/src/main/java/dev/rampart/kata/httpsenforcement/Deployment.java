package dev.rampart.kata.httpsenforcement;

import java.util.Set;

/**
 * Where the shop runs: behind load balancers that terminate TLS and forward each request to the
 * app over plain HTTP, saying in {@code Forwarded} / {@code X-Forwarded-*} headers how it arrived.
 *
 * @param publicHost     the name customers reach the shop by, such as {@code shop.example}
 * @param proxyAddresses the IP addresses of the load balancers, as the app sees them connect
 */
public record Deployment(String publicHost, Set<String> proxyAddresses) {

    public Deployment {
        proxyAddresses = Set.copyOf(proxyAddresses);
    }
}
