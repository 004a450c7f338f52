package dev.wharf.daemon.network.nat;

import dev.wharf.daemon.network.ipam.Subnet;

/** What the firewall needs to know about one network: its bridge, subnet, and whether it may reach out. */
public record NatNetwork(String bridge, Subnet subnet, boolean internal) {
}
