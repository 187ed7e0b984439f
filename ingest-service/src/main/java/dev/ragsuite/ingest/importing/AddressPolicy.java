package dev.ragsuite.ingest.importing;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a URL import may connect to. Refused unless an operator allowed them
 * ({@code rag.ingest.import.allow}, env {@code RAG_IMPORT_ALLOW}: host names, {@code *.suffix} patterns,
 * addresses or CIDR ranges): every special-purpose address of IPv4 and IPv6 (IANA's registries) — loopback,
 * private, shared (CGNAT), link-local (cloud metadata lives there), unique-local, multicast, unspecified,
 * reserved, documentation and benchmarking ranges — and IPv6 forms that embed one of those IPv4 addresses
 * (IPv4-mapped, NAT64, 6to4; IPv4-compatible and Teredo are refused outright).
 */
public final class AddressPolicy {

    /** Blocked ranges with the reason a refusal names, most specific first. */
    private static final Map<IpRange, String> BLOCKED = blocked();
    private static final Set<String> METADATA = Set.of("169.254.169.254", "100.100.100.200", "fd00:ec2::254");
    private static final IpRange NAT64 = IpRange.parse("64:ff9b::/96");
    private static final IpRange SIX_TO_FOUR = IpRange.parse("2002::/16");

    private final List<IpRange> allowedRanges;
    private final List<String> allowedHosts;

    private AddressPolicy(List<IpRange> allowedRanges, List<String> allowedHosts) {
        this.allowedRanges = allowedRanges;
        this.allowedHosts = allowedHosts;
    }

    /**
     * @param allow the operator's allow list: {@code wiki.internal}, {@code *.corp.example}, {@code 10.2.0.0/16},
     *        {@code 127.0.0.1}, {@code [::1]}
     * @throws IllegalArgumentException for an entry that is neither a host name nor an address or range
     */
    public static AddressPolicy of(List<String> allow) {
        List<IpRange> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String entry : allow) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            String bare = e.startsWith("[") ? e.substring(1, e.indexOf(']') < 0 ? e.length() : e.indexOf(']')) : e;
            if (e.contains("/") || InetAddresses.isInetAddress(bare)) {
                ranges.add(IpRange.parse(e));
            } else if (ImportUrl.isHostName(e.startsWith("*.") ? e.substring(2) : e)) {
                hosts.add(e.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("RAG_IMPORT_ALLOW: '" + e
                        + "' is neither a host name (or *.suffix) nor an IP address or CIDR range");
            }
        }
        return new AddressPolicy(List.copyOf(ranges), List.copyOf(hosts));
    }

    /** Whether the operator allowed this host name (then its addresses are not checked). */
    public boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Why a connection to {@code address} is refused, or empty when it is allowed. */
    public Optional<String> refusal(InetAddress address) {
        for (IpRange allowed : allowedRanges) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        return blockedReason(address);
    }

    private Optional<String> blockedReason(InetAddress address) {
        String text = InetAddresses.toAddrString(address);
        if (METADATA.contains(text)) {
            return Optional.of(text + " is a cloud metadata address");
        }
        if (address instanceof Inet6Address v6) {
            Inet4Address embedded = embeddedIpv4(v6);
            if (embedded != null) {
                Optional<String> inner = refusal(embedded);
                if (inner.isPresent()) {
                    return Optional.of(text + " embeds " + inner.get());
                }
                return Optional.empty();
            }
        }
        for (Map.Entry<IpRange, String> blocked : BLOCKED.entrySet()) {
            if (blocked.getKey().contains(address)) {
                return Optional.of(text + " is " + blocked.getValue() + " (" + blocked.getKey() + ")");
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address inside an IPv4-mapped, NAT64 or 6to4 address; null for other IPv6 addresses. */
    private static Inet4Address embeddedIpv4(Inet6Address v6) {
        byte[] b = v6.getAddress();
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        mapped &= b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        if (mapped || NAT64.contains(v6)) {
            return InetAddresses.fromInteger(((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff));
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return InetAddresses.get6to4IPv4Address(v6);
        }
        return null;
    }

    private static Map<IpRange, String> blocked() {
        Map<IpRange, String> m = new LinkedHashMap<>();
        put(m, "0.0.0.0/8", "an unspecified (\"this network\") address");
        put(m, "10.0.0.0/8", "a private address");
        put(m, "100.64.0.0/10", "a shared (carrier-grade NAT) address");
        put(m, "127.0.0.0/8", "a loopback address");
        put(m, "169.254.0.0/16", "a link-local address");
        put(m, "172.16.0.0/12", "a private address");
        put(m, "192.0.0.0/24", "an IETF protocol address");
        put(m, "192.0.2.0/24", "a documentation address");
        put(m, "192.88.99.0/24", "a 6to4 relay address");
        put(m, "192.168.0.0/16", "a private address");
        put(m, "198.18.0.0/15", "a benchmarking address");
        put(m, "198.51.100.0/24", "a documentation address");
        put(m, "203.0.113.0/24", "a documentation address");
        put(m, "224.0.0.0/4", "a multicast address");
        put(m, "240.0.0.0/4", "a reserved address");
        put(m, "::/128", "the unspecified address");
        put(m, "::1/128", "a loopback address");
        put(m, "::/96", "an IPv4-compatible address");
        put(m, "64:ff9b:1::/48", "a local NAT64 address");
        put(m, "100::/64", "a discard address");
        put(m, "2001::/32", "a Teredo tunnel address");
        put(m, "2001::/23", "an IETF protocol address");
        put(m, "2001:db8::/32", "a documentation address");
        put(m, "fc00::/7", "a unique-local (private) address");
        put(m, "fe80::/10", "a link-local address");
        put(m, "fec0::/10", "a site-local address");
        put(m, "ff00::/8", "a multicast address");
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<IpRange, String> m, String range, String reason) {
        m.put(IpRange.parse(range), reason);
    }
}
