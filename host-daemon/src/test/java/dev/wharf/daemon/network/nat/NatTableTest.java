package dev.wharf.daemon.network.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.daemon.network.ipam.Subnet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden files for the nft batches (moby keeps its iptables rules the same way). Regenerate after an intended
 * change with {@code -Dwharf.updateGolden=true} and review the diff.
 */
class NatTableTest {
    static final Path GOLDEN = Path.of("src/test/resources/dev/wharf/daemon/network/nat");

    static void assertGolden(String name, String actual) throws IOException {
        Path f = GOLDEN.resolve(name);
        if (Boolean.getBoolean("wharf.updateGolden")) {
            Files.writeString(f, actual);
        }
        assertEquals(Files.readString(f, StandardCharsets.UTF_8), actual, "golden file " + f);
    }

    @Test
    void emptyStateIsTheBareTable() throws IOException {
        assertGolden("empty.json", new NatTable("wharf").document(List.of(), List.of()));
    }

    @Test
    void bridgeUserNetworkInternalNetworkAndPublishedPorts() throws IOException {
        List<NatNetwork> nets = List.of(
                new NatNetwork("wharf0", Subnet.parse("172.17.0.0/16"), false),
                new NatNetwork("wh-0123456789ab", Subnet.parse("172.18.0.0/16"), false),
                new NatNetwork("wh-internal0000", Subnet.parse("10.5.0.0/24"), true));
        List<PortRule> ports = List.of(
                new PortRule("c1", "tcp", null, 18080, "172.17.0.2", 80),
                new PortRule("c1", "udp", "", 5353, "172.17.0.2", 53),
                new PortRule("c2", "tcp", "127.0.0.1", 8443, "172.18.0.5", 443));
        assertGolden("networks-and-ports.json", new NatTable("wharf").document(nets, ports));
    }
}
