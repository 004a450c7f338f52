package dev.wharf.controlplane.application.scheduling;

import dev.wharf.controlplane.domain.host.Host;
import dev.wharf.controlplane.domain.host.HostRepository;
import dev.wharf.controlplane.domain.network.HostSubnet;
import dev.wharf.controlplane.domain.network.Network;
import dev.wharf.controlplane.domain.network.NetworkRepository;
import dev.wharf.model.agent.ClusterNetwork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster networks one host must set up, for its desired state: its own subnet of each network's pool, and
 * every other host's (address, subnet) so its daemon can route to them (or, in vxlan mode, reach them through
 * the overlay). Only hosts with a registered address are peers.
 */
@ApplicationScoped
public class ClusterNetworkPlan {

    @Inject
    NetworkRepository networks;

    @Inject
    HostRepository hosts;

    public List<ClusterNetwork> forHost(Host host) {
        List<Network> all = networks.findAll();
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, String> addresses = new HashMap<>();
        for (Host h : hosts.findAll()) {
            if (h.address() != null && !h.address().isBlank()) {
                addresses.put(h.id(), h.address());
            }
        }
        List<ClusterNetwork> out = new ArrayList<>();
        for (Network n : all) {
            HostSubnet own = null;
            List<ClusterNetwork.NetworkPeer> peers = new ArrayList<>();
            for (HostSubnet s : n.subnets()) {
                if (s.hostId().equals(host.id())) {
                    own = s;
                } else if (addresses.containsKey(s.hostId())) {
                    peers.add(new ClusterNetwork.NetworkPeer(s.hostId(), addresses.get(s.hostId()), s.cidr()));
                }
            }
            if (own != null) {
                out.add(new ClusterNetwork(n.name(), n.pool().toString(), own.cidr(), own.gateway(), n.mode(), n.vni(), peers));
            }
        }
        return out;
    }
}
