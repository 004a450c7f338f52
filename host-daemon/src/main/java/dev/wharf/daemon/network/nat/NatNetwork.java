package dev.wharf.daemon.network.nat;

import dev.wharf.daemon.network.ipam.Subnet;

/**
 * What the firewall needs to know about one network: its bridge, subnet, and whether it may reach out.
 * {@code clusterPool} (a cluster network's whole pool, or null) is reached without masquerading, so containers
 * on other hosts see each other's real addresses.
 */
public record NatNetwork(String bridge, Subnet subnet, boolean internal, Subnet clusterPool) {

    public NatNetwork(String bridge, Subnet subnet, boolean internal) {
        this(bridge, subnet, internal, null);
    }
}
