package dev.ragsuite.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
