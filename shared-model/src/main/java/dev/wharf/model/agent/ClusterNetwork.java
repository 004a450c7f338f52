package dev.wharf.model.agent;

import java.util.List;

/**
 * A cluster network as one host must set it up, part of {@link DesiredState#networks()}.
 *
 * <p>The control plane splits the network's pool into one subnet per host, so every host hands out addresses
 * from its own share and no address is used twice in the cluster. The daemon makes a local bridge network with
 * exactly {@code subnet} and {@code gateway}, and makes the other hosts' subnets reachable: in {@code routed}
 * mode by a route to each peer's subnet via the peer's address (hosts on one L2 segment), in {@code vxlan}
 * mode through a VXLAN device with this {@code vni} enslaved to the bridge (hosts anywhere IP reaches).
 *
 * @param name     the network's name; containers name it in {@link ContainerSpec#network()}
 * @param poolCidr the whole pool, e.g. {@code 10.200.0.0/16}; traffic within it is not masqueraded
 * @param subnet   this host's share, e.g. {@code 10.200.3.0/24}
 * @param gateway  the bridge's address in {@code subnet}
 * @param mode     {@code routed} or {@code vxlan}
 * @param vni      the VXLAN network identifier (vxlan mode), else null
 * @param peers    every other host with a subnet in this network; never null after construction
 */
public record ClusterNetwork(
        String name,
        String poolCidr,
        String subnet,
        String gateway,
        String mode,
        Integer vni,
        List<NetworkPeer> peers) {

    public ClusterNetwork {
        peers = peers == null ? List.of() : List.copyOf(peers);
    }

    /**
     * Another host of a cluster network.
     *
     * @param hostId  the peer's host id
     * @param address the address this host reaches the peer on (its registered address)
     * @param subnet  the peer's share of the pool
     */
    public record NetworkPeer(String hostId, String address, String subnet) {
    }
}
