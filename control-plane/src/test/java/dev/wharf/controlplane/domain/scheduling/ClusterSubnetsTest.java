package dev.wharf.controlplane.domain.scheduling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.network.HostSubnet;
import dev.wharf.controlplane.domain.network.Ipv4Cidr;
import dev.wharf.controlplane.domain.network.Network;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cluster pool split into per-host subnets: disjoint, stable per host, exhausted with a clear answer. */
class ClusterSubnetsTest {

    private Network network(String cidr, int hostPrefix) {
        return new Network("n1", "apps", Ipv4Cidr.parse(cidr), hostPrefix, "admin", Instant.now());
    }

    @Test
    void eachHostGetsItsOwnSubnetAndKeepsIt() {
        Network n = network("10.200.0.0/16", 24);
        HostSubnet a = n.subnetFor("host-a").orElseThrow();
        HostSubnet b = n.subnetFor("host-b").orElseThrow();
        HostSubnet c = n.subnetFor("host-c").orElseThrow();
        assertEquals(List.of("10.200.0.0/24", "10.200.1.0/24", "10.200.2.0/24"), List.of(a.cidr(), b.cidr(), c.cidr()));
        assertEquals("10.200.1.1", b.gateway());
        assertEquals(b.cidr(), n.subnetFor("host-b").orElseThrow().cidr(), "asking again gives the same subnet");
    }

    @Test
    void subnetsNeverOverlapAndThePoolRunsOutCleanly() {
        Network n = network("10.9.0.0/22", 24);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Ipv4Cidr s = Ipv4Cidr.parse(n.subnetFor("h" + i).orElseThrow().cidr());
            assertTrue(n.pool().overlaps(s));
            for (String other : seen) {
                assertFalse(Ipv4Cidr.parse(other).overlaps(s), s + " overlaps " + other);
            }
            seen.add(s.toString());
        }
        assertTrue(n.subnetFor("h4").isEmpty(), "a /22 holds four /24s");
    }
}
