package dev.rampart.kata.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks up the addresses a host name stands for. */
@FunctionalInterface
public interface HostResolver {

    /**
     * Every address {@code host} has, in the order the name service gave them.
     *
     * @param host a name or an address literal, as {@link java.net.URI#getHost()} gives it
     *     (an IPv6 literal keeps its brackets)
     * @throws UnknownHostException if the name has no address
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's own name service: the system's resolver, the hosts file, literals parsed in place. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
