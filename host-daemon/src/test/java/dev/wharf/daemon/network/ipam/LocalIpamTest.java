package dev.wharf.daemon.network.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIpamTest {
    @TempDir
    Path dir;

    private LocalIpam ipam(List<Subnet> routes) throws Exception {
        return new LocalIpam(dir.resolve("ipam.json"), new DefaultAddressPools(), () -> routes);
    }

    private static Inet4Address ip(String s) throws Exception {
        return (Inet4Address) InetAddress.getByName(s);
    }

    @Test
    void defaultSubnetAvoidsHostRoutesAndOtherPools() throws Exception {
        LocalIpam ipam = ipam(List.of(Subnet.parse("172.17.0.0/16"), Subnet.parse("0.0.0.0/0"), Subnet.parse("172.18.5.0/24")));
        assertEquals("172.19.0.0/16", ipam.requestPool("a", null, null, null).subnet().toString());
        assertEquals("172.20.0.0/16", ipam.requestPool("b", null, null, null).subnet().toString());
        assertEquals("172.20.0.1", Subnet.format(ipam.pool("b").orElseThrow().gateway()));
    }

    @Test
    void neverHandsOutAnAddressTwiceAndSurvivesRestart() throws Exception {
        LocalIpam ipam = ipam(List.of());
        ipam.requestPool("n", "10.7.0.0/24", null, null);
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (int i = 0; i < 253; i++) {
            Inet4Address a = ipam.requestAddress("n", null, "c" + i);
            assertTrue(seen.add(a.getHostAddress()), "handed out twice: " + a);
            assertNotEquals("10.7.0.1", a.getHostAddress());
            assertNotEquals("10.7.0.0", a.getHostAddress());
            assertNotEquals("10.7.0.255", a.getHostAddress());
        }
        IpamException full = assertThrows(IpamException.class, () -> ipam.requestAddress("n", null, "one-too-many"));
        assertEquals(IpamException.Kind.NO_AVAILABLE_IPS, full.kind());
        assertTrue(full.getMessage().contains("no available IPv4 addresses"), full.getMessage());

        ipam.releaseAddress("n", ip("10.7.0.77"));
        seen.remove("10.7.0.77");
        LocalIpam again = ipam(List.of());
        assertEquals("10.7.0.0/24", again.pool("n").orElseThrow().subnet().toString(), "pools are persisted");
        int i = 0;
        for (String a : seen) {
            again.restoreLease("n", ip(a), "c" + i++);
        }
        assertThrows(IpamException.class, () -> again.restoreLease("n", ip("10.7.0.2"), "someone-else"), "a lease is never restored twice");
        assertEquals("10.7.0.77", again.requestAddress("n", null, "late").getHostAddress(), "leases restored, only the freed one is free");
    }

    @Test
    void releasedAddressIsNotReusedAtOnce() throws Exception {
        LocalIpam ipam = ipam(List.of());
        ipam.requestPool("n", "10.8.0.0/24", null, null);
        Inet4Address a = ipam.requestAddress("n", null, "x");
        ipam.releaseAddress("n", a);
        assertNotEquals(a, ipam.requestAddress("n", null, "y"));
    }

    @Test
    void ipRangeGatewayAndStaticAddresses() throws Exception {
        LocalIpam ipam = ipam(List.of());
        ipam.requestPool("n", "10.9.0.0/16", "10.9.5.0/24", "10.9.0.254");
        assertEquals("10.9.5.1", ipam.requestAddress("n", null, "a").getHostAddress());
        assertEquals("10.9.200.3", ipam.requestAddress("n", ip("10.9.200.3"), "b").getHostAddress());
        IpamException taken = assertThrows(IpamException.class, () -> ipam.requestAddress("n", ip("10.9.200.3"), "c"));
        assertEquals(IpamException.Kind.IP_ALREADY_ALLOCATED, taken.kind());
        IpamException gw = assertThrows(IpamException.class, () -> ipam.requestAddress("n", ip("10.9.0.254"), "c"));
        assertTrue(gw.getMessage().contains("gateway"), gw.getMessage());
        IpamException outside = assertThrows(IpamException.class, () -> ipam.requestAddress("n", ip("10.10.0.3"), "c"));
        assertEquals(IpamException.Kind.INVALID, outside.kind());
        assertTrue(outside.getMessage().contains("not inside the network's subnet 10.9.0.0/16"), outside.getMessage());
    }

    @Test
    void badPoolRequestsAreRefusedWithTheReason() throws Exception {
        LocalIpam ipam = ipam(List.of());
        ipam.requestPool("a", "10.1.0.0/16", null, null);
        IpamException overlap = assertThrows(IpamException.class, () -> ipam.requestPool("b", "10.1.2.0/24", null, null));
        assertEquals(IpamException.Kind.POOL_OVERLAP, overlap.kind());
        assertTrue(overlap.getMessage().contains("overlaps"), overlap.getMessage());
        assertThrows(IpamException.class, () -> ipam.requestPool("c", "10.2.0.1/16", null, null));
        assertThrows(IpamException.class, () -> ipam.requestPool("c", "10.2.0.0/16", "10.3.0.0/24", null));
        assertThrows(IpamException.class, () -> ipam.requestPool("c", "10.2.0.0/16", null, "10.3.0.1"));
        assertThrows(IpamException.class, () -> ipam.requestPool("c", "nonsense", null, null));
        assertTrue(ipam.pool("c").isEmpty(), "nothing half-made");
    }

    @Test
    void reconcileReleasesLeasesOfLostEndpoints() throws Exception {
        LocalIpam ipam = ipam(List.of());
        ipam.requestPool("n", "10.4.0.0/24", null, null);
        ipam.requestAddress("n", null, "kept");
        Inet4Address lost = ipam.requestAddress("n", null, "lost");
        assertEquals(1, ipam.releaseUnless(Set.of("kept")));
        assertEquals(lost, ipam.requestAddress("n", lost, "new"));
    }
}
