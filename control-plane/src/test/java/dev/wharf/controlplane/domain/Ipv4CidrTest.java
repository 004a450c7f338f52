package dev.wharf.controlplane.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.controlplane.domain.network.Ipv4Cidr;
import dev.wharf.controlplane.domain.network.Network;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4CidrTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.88.0.0           | no prefix length",
            "10.88.0/16          | not an IPv4 address",
            "10.288.0.0/16       | invalid octet '288'",
            "10.88.0.0/33        | invalid prefix length",
            "10.88.0.0/x         | invalid prefix length",
            "10.88.1.0/16        | host bits set; the network is 10.88.0.0/16",
            "''                  | is required",
    })
    void invalidCidrsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parsesAndPrintsTheSameText() {
        assertEquals("10.88.0.0/16", Ipv4Cidr.parse("10.88.0.0/16").toString());
        assertEquals("0.0.0.0/0", Ipv4Cidr.parse("0.0.0.0/0").toString());
        assertEquals(65536, Ipv4Cidr.parse("10.88.0.0/16").size());
    }

    @Test
    void overlapIsContainmentEitherWay() {
        Ipv4Cidr wide = Ipv4Cidr.parse("10.88.0.0/16");
        assertTrue(wide.overlaps(Ipv4Cidr.parse("10.88.7.0/24")));
        assertTrue(Ipv4Cidr.parse("10.88.7.0/24").overlaps(wide));
        assertFalse(wide.overlaps(Ipv4Cidr.parse("10.89.0.0/16")));
    }

    @Test
    void subnetsAreConsecutiveAndHaveTheFirstAddressAsGateway() {
        Ipv4Cidr pool = Ipv4Cidr.parse("10.88.0.0/16");
        assertEquals(256, pool.subnetCount(24));
        assertEquals("10.88.0.0/24", pool.subnet(24, 0).toString());
        assertEquals("10.88.255.0/24", pool.subnet(24, 255).toString());
        assertEquals("10.88.3.1", pool.subnet(24, 3).gateway());
        assertThrows(IllegalArgumentException.class, () -> pool.subnet(24, 256));
    }

    @Test
    void eachHostGetsItsOwnSubnetUntilThePoolIsFull() {
        Network network = new Network("n1", "apps", Ipv4Cidr.parse("10.90.0.0/23"), 24, "admin", Instant.now());
        assertEquals("10.90.0.0/24", network.subnetFor("h1").orElseThrow().cidr());
        assertEquals("10.90.1.0/24", network.subnetFor("h2").orElseThrow().cidr());
        assertEquals("10.90.0.0/24", network.subnetFor("h1").orElseThrow().cidr()); // stable
        assertTrue(network.subnetFor("h3").isEmpty());
    }
}
