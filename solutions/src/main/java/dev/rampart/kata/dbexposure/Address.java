package dev.rampart.kata.dbexposure;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The ADDRESS of a {@code pg_hba.conf} host rule: a keyword ({@code all}, {@code samehost},
 * {@code samenet}), a host name, or an IP range (CIDR, or address plus netmask).
 *
 * <p>IP literals are parsed here, never resolved: {@code InetAddress.getByName} would ask DNS for
 * anything that is not a literal. IPv4 takes the forms the server's {@code getaddrinfo} takes
 * (so {@code 0/0} is every address, as it is to PostgreSQL), and IPv4-mapped IPv6 ranges
 * ({@code ::ffff:0.0.0.0/96}) count as the IPv4 range they map.
 */
sealed interface Address {

    /** Connections from this machine only: there is no network in between. */
    boolean localOnly();

    /** Every address, or a slice of the public internet wider than any one organisation's (/8 in IPv4, /16 of global unicast IPv6). */
    boolean anyAddress();

    record Keyword(String word) implements Address {
        @Override
        public String toString() {
            return word;
        }

        @Override
        public boolean localOnly() {
            return word.equals("samehost");
        }

        @Override
        public boolean anyAddress() {
            return word.equals("all");
        }
    }

    record HostName(String name) implements Address {
        @Override
        public String toString() {
            return name;
        }

        @Override
        public boolean localOnly() {
            return name.equalsIgnoreCase("localhost");
        }

        @Override
        public boolean anyAddress() {
            return false;
        }
    }

    record Range(byte[] network, int prefix) implements Address {
        @Override
        public boolean localOnly() {
            if (network.length == 4) {
                return prefix >= 8 && network[0] == 127;
            }
            return prefix == 128 && loopbackV6(network);
        }

        @Override
        public boolean anyAddress() {
            if (network.length == 4) {
                // Nothing private is wider than a /8 (10.0.0.0/8), so anything wider reaches the internet.
                return prefix < 8;
            }
            // The internet's IPv6 addresses are global unicast, 2000::/3: a range reaches them when its
            // first bits (up to three) agree with 001. Unique-local (fc00::/7) and link-local
            // (fe80::/10) ranges of any width do not.
            var bits = Math.min(prefix, 3);
            var globalUnicast = ((network[0] & 0xff) >>> (8 - bits)) == (0b001 >>> (3 - bits));
            return prefix < 16 && globalUnicast;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Reads a range from a CIDR ({@code 10.0.0.0/8}) or an address and a netmask. */
    static Optional<Range> range(String address, Optional<String> netmask) {
        var slash = address.indexOf('/');
        var ip = ip(slash < 0 ? address : address.substring(0, slash));
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int bits;
        if (slash >= 0) {
            bits = Integer.parseInt(address.substring(slash + 1));
        } else if (netmask.isPresent()) {
            var mask = ip(netmask.get()).orElseThrow(() -> new IllegalArgumentException("'" + netmask.get() + "' is not a netmask"));
            bits = 0;
            for (byte b : mask.bytes()) {
                bits += Integer.bitCount(b & 0xff);
            }
        } else {
            return Optional.empty();
        }
        var parsed = ip.get();
        if (parsed.mappedV4()) {
            // ::ffff:a.b.c.d/n covers the IPv4 range a.b.c.d/(n - 96).
            bits = Math.max(0, bits - 96);
        }
        return Optional.of(new Range(parsed.bytes(), bits));
    }

    record Ip(byte[] bytes, boolean mappedV4) {
    }

    /** An IP literal, or empty when the text is not one (a host name, say). Never asks DNS. */
    static Optional<Ip> ip(String text) {
        if (text.contains(":")) {
            if (!text.matches("[0-9a-fA-F:.]+")) {
                return Optional.empty();
            }
            try {
                // Hex digits, colons and dots only: the JDK parses that as an IPv6 literal and never resolves it.
                var address = InetAddress.getByName(text);
                return Optional.of(new Ip(address.getAddress(), address instanceof Inet4Address));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return ipv4(text).map(bytes -> new Ip(bytes, false));
    }

    /** IPv4 in the inet_aton forms: one to four parts, each decimal, octal (leading 0) or hex (0x). */
    private static Optional<byte[]> ipv4(String text) {
        var parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            var part = parts[i].toLowerCase(Locale.ROOT);
            try {
                // "0x" alone is no number: parseLong refuses the empty rest.
                if (part.startsWith("0x")) {
                    values[i] = Long.parseLong(part.substring(2), 16);
                } else if (part.length() > 1 && part.startsWith("0")) {
                    values[i] = Long.parseLong(part.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(part);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (values[i] < 0) {
                return Optional.empty();
            }
        }
        // The last part fills the bytes the others leave: 127.1 is 127.0.0.1, 0 is 0.0.0.0.
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        var last = values[parts.length - 1];
        if (last >= 1L << (8 * (4 - (parts.length - 1)))) {
            return Optional.empty();
        }
        address |= last;
        return Optional.of(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
    }

    /** Whether these 16 bytes are ::1. */
    private static boolean loopbackV6(byte[] bytes) {
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }
}
