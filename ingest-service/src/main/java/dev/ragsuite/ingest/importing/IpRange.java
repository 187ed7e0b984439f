package dev.ragsuite.ingest.importing;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;

/**
 * A CIDR range of IPv4 or IPv6 addresses ({@code 10.0.0.0/8}, {@code fc00::/7}; a single address is its own
 * /32 or /128), parsed with Guava's {@link InetAddresses}, which accepts only the canonical notations.
 */
record IpRange(byte[] network, int prefix, String text) {

    /** @throws IllegalArgumentException for anything but an address or address/prefix */
    static IpRange parse(String cidr) {
        String trimmed = cidr.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        byte[] bytes = InetAddresses.forString(address).getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + cidr, e);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + cidr);
            }
        }
        return new IpRange(bytes, prefix, trimmed);
    }

    /** Whether the address is in this range (an IPv4 address is never in an IPv6 range, and the other way round). */
    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
