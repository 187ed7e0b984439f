package dev.ragsuite.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.gateway.edge.ClientAddress.Doubt;
import dev.ragsuite.gateway.edge.ClientAddress.Resolution;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress none = new ClientAddress(List.of());
    private final ClientAddress proxies = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.1", "2001:db8:1::/48"));

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeadersSay() {
        assertEquals("203.0.113.5", none.clientIp("203.0.113.5", "for=1.1.1.1", List.of("1.2.3.4")));
        assertEquals("10.1.2.3", none.clientIp("10.1.2.3", null, List.of("1.2.3.4")));
    }

    @Test
    void anUntrustedPeerCannotForgeTheChain() {
        assertEquals("198.51.100.7", proxies.clientIp("198.51.100.7", null, List.of("1.2.3.4")));
    }

    @Test
    void theChainIsWalkedRightToLeftSkippingTrustedHops() {
        assertEquals("203.0.113.5", proxies.clientIp("10.0.0.1", null, List.of("1.2.3.4, 203.0.113.5, 192.168.1.1")));
        assertEquals("203.0.113.5", proxies.clientIp("10.0.0.1", null, List.of("1.2.3.4", "203.0.113.5", "10.9.9.9")));
        // a client prepending a forged address does not move the answer
        assertEquals("203.0.113.5", proxies.clientIp("10.0.0.1", null, List.of("6.6.6.6, 203.0.113.5")));
    }

    @Test
    void allTrustedMeansTheLeftmostAndNoHeaderMeansThePeer() {
        assertEquals("10.0.0.2", proxies.clientIp("10.0.0.1", null, List.of("10.0.0.2, 10.0.0.3")));
        assertEquals("10.0.0.1", proxies.clientIp("10.0.0.1", null, List.of()));
    }

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreADoubtfulAddress() {
        // an ingress controller the gateway does not trust: all its clients share its address
        assertEquals(new Resolution("10.1.2.3", Doubt.UNTRUSTED_PROXY), none.resolve("10.1.2.3", null, List.of("203.0.113.5")));
        assertEquals(new Resolution("10.1.2.3", Doubt.UNTRUSTED_PROXY), none.resolve("10.1.2.3", "for=203.0.113.5", List.of()));
        assertEquals(new Resolution("10.1.2.3", Doubt.NONE), none.resolve("10.1.2.3", null, List.of()));
    }

    @Test
    void aClientAddressInsideTheTrustedRangesIsDoubtful() {
        // a node SNATs the client to its own address, which a broad range (10.0.0.0/8) trusts
        assertEquals(new Resolution("10.0.0.2", Doubt.INSIDE_TRUSTED_RANGE), proxies.resolve("10.0.0.1", null, List.of("10.0.0.2")));
        // a request made by a trusted proxy itself (no chain) is not
        assertEquals(new Resolution("10.0.0.1", Doubt.NONE), proxies.resolve("10.0.0.1", null, List.of()));
        assertEquals(new Resolution("203.0.113.5", Doubt.NONE), proxies.resolve("10.0.0.1", null, List.of("203.0.113.5")));
    }

    @Test
    void aDoubtIsLoggedOncePerPeriodAndKind() {
        ClientAddress address = new ClientAddress(List.of("10.0.0.0/8"));
        Resolution untrusted = address.resolve("192.0.2.1", null, List.of("203.0.113.5"));
        Resolution inside = address.resolve("10.0.0.1", null, List.of("10.0.0.2"));
        long t = 1_000_000;
        assertTrue(address.warnIfDoubtful(untrusted, "192.0.2.1", t));
        assertFalse(address.warnIfDoubtful(untrusted, "192.0.2.1", t + 1));
        assertTrue(address.warnIfDoubtful(inside, "10.0.0.1", t + 1));
        assertFalse(address.warnIfDoubtful(inside, "10.0.0.1", t + ClientAddress.WARN_EVERY_MILLIS - 1));
        assertTrue(address.warnIfDoubtful(untrusted, "192.0.2.1", t + ClientAddress.WARN_EVERY_MILLIS));
        assertFalse(address.warnIfDoubtful(address.resolve("203.0.113.5", null, List.of()), "203.0.113.5", t));
    }

    @Test
    void garbageStopsTheWalkAtTheLastTrustedHop() {
        assertEquals("10.0.0.3", proxies.clientIp("10.0.0.1", null, List.of("203.0.113.5, evil.example, 10.0.0.3")));
        assertEquals("10.0.0.1", proxies.clientIp("10.0.0.1", null, List.of("not-an-ip")));
    }

    @Test
    void forwardedHeaderIsPreferredAndParsed() {
        assertEquals("2001:db8::7", proxies.clientIp("10.0.0.1", "for=\"[2001:db8::7]:4711\";proto=https, for=10.0.0.5",
                List.of("1.2.3.4")));
        assertEquals("203.0.113.5", proxies.clientIp("10.0.0.1", "for=203.0.113.5:8080;by=10.0.0.1", List.of()));
        assertEquals("10.0.0.1", proxies.clientIp("10.0.0.1", "for=_hidden", List.of()));
    }

    @Test
    void ipv6AndMappedAddressesMatchTheirBlocks() {
        assertEquals("2001:db8:2::1", proxies.clientIp("2001:db8:1::9", null, List.of("2001:db8:2::1")));
        assertEquals("203.0.113.5", proxies.clientIp("::ffff:10.0.0.1", null, List.of("203.0.113.5")));
    }

    @Test
    void badTrustedProxyConfigFailsFast() {
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(List.of("10.0.0.0/33")));
    }
}
